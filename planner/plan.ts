// The offline plan's format (plan.json): every resource the program registers, as the engine would
// receive it, every provider function it calls, and the stack outputs. Secrets are "[secret]",
// values known only after apply "[unknown]", resource references their URN.
import type { Json } from "./wire";

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string | null;
  provider: string | null;
  dependencies: string[];
  package: { version: string; pluginDownloadURL: string };
  inputs: { [key: string]: Json };
  options: {
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    /** URNs whose replacement replaces this resource too. */
    replaceWith: string[];
    customTimeouts: { create: string; update: string; delete: string } | null;
  };
}

export interface PlanInvoke {
  token: string;
  args: Json;
}

export interface Plan {
  project: string;
  stack: string;
  resources: PlanResource[];
  invokes: PlanInvoke[];
  outputs: { [key: string]: Json };
}
