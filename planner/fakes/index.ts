// What the fake providers answer: deterministic, plausible outputs for each resource type and
// invoke the program uses, so that everything the program derives from them is known in the plan.
import { k8sCalls, k8sResources } from "./k8s";
import { proxmoxCalls, proxmoxResources } from "./proxmox";
import { talosCalls, talosResources } from "./talos";

export interface FakeResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

/** Extra or computed outputs of one resource type; `id` overrides the default id. */
export type FakeResource = (args: FakeResourceArgs) => { id?: string; outputs?: Record<string, unknown> };
export type FakeCall = (inputs: Record<string, any>) => Record<string, unknown>;

export const fakeResources: Record<string, FakeResource> = {
  ...proxmoxResources,
  ...talosResources,
  ...k8sResources,
};

export const fakeCalls: Record<string, FakeCall> = {
  ...proxmoxCalls,
  ...talosCalls,
  ...k8sCalls,
};
