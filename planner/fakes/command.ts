// pulumi-command's local Command: on the planned site every command has run and printed its
// result. Only one result is read by the program: the API-ready wait's (infra/talos/apiReady.ts),
// whose stdout the Kubernetes provider's kubeconfig carries; infra/talos/scripts/api-ready.js
// prints "ready" and nothing else on success.
import type { FakeResource } from "./types";

export const commandResources: Record<string, FakeResource> = {
  "command:local:Command": ({ name }) => ({
    outputs: { stdout: name.endsWith("-api-ready") ? "ready\n" : "", stderr: "" },
  }),
};
