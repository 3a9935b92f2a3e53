// What the Proxmox layer hands the Talos layer carries its dependencies as data: each node's
// machine config waits on its own VM and its own group's schematic only, so a VM that is slow to
// come up (or replaced) holds back its own node, never another's.
import { proxmoxTokens, talosTokens } from "../../infra/tokens";
import { prodPlan } from "../plans";
import { byName, ofType } from "../plans";

const plan = prodPlan();
const vms = ofType(plan, proxmoxTokens.vm).map((r) => r.urn);
const schematics = ofType(plan, talosTokens.schematic).map((r) => r.urn);
const vm = (hostname: string) => byName(plan, proxmoxTokens.vm, `portkey-${hostname}`).urn;
const schematic = (group: string) => byName(plan, talosTokens.schematic, `portkey-${group}`).urn;
const apply = (hostname: string) => byName(plan, talosTokens.configurationApply, `portkey-${hostname}`);

const groups: Record<string, string> = { metal0: "base", metal1: "intel-igpu", metal2: "intel-igpu" };

test.each(Object.entries(groups))(
  "%s: its config apply waits on its own VM and its group's schematic",
  (hostname, group) => {
    const dependencies = apply(hostname).dependencies ?? [];
    expect(dependencies.filter((d) => vms.includes(d))).toEqual([vm(hostname)]);
    expect(dependencies.filter((d) => schematics.includes(d))).toEqual([schematic(group)]);
  },
);

test("the nodes' addresses are the inventory's, read back from the VMs", () => {
  expect(Object.fromEntries(Object.keys(groups).map((h) => [h, apply(h).inputs.node]))).toEqual({
    metal0: "192.168.0.11",
    metal1: "192.168.0.12",
    metal2: "192.168.0.13",
  });
});
