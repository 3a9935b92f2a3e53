// What the fake providers answer: deterministic, plausible outputs for each resource type and
// invoke the program uses, so that everything the program derives from them is known in the plan.
// The Proxmox functions answer as the site of the inventory being planned (site.ts).
import { commandResources } from "./command";
import { k8sCalls, k8sResources } from "./k8s";
import { proxmoxResources } from "./proxmox";
import { siteCalls } from "./site";
import { talosCalls, talosResources } from "./talos";
import type { FakeCall, FakeResource } from "./types";

export type { FakeCall, FakeResource, FakeResourceArgs } from "./types";
export { siteCalls } from "./site";

export const fakeResources: Record<string, FakeResource> = {
  ...proxmoxResources,
  ...talosResources,
  ...k8sResources,
  ...commandResources,
};

/** Every function's answer for a render of `inventory`. */
export function fakeCalls(inventory: Record<string, unknown>): Record<string, FakeCall> {
  return { ...siteCalls(inventory), ...talosCalls, ...k8sCalls };
}
