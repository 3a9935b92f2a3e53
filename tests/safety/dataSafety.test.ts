// Data safety across layers: every data-bearing entry the layers declare matches the resources it
// means in the prod plan, and each of them carries the options the entry requires.
import { safetyModel } from "../../infra/safety";
import { covers, DataBearing } from "../../infra/safety/types";
import { k8sTokens, proxmoxTokens, talosTokens } from "../../infra/tokens";
import type { PlanResource } from "../../planner/plan";
import { renderProgram } from "../../planner/program";
import { readInventory } from "../../planner/stackFile";
import { prodPlan } from "../plans";

const { dataBearing } = safetyModel;
const plan = prodPlan();
const matches = (resources: PlanResource[], entry: DataBearing) => resources.filter((r) => covers(entry, r));

/** Each resource an entry covers that lacks an option the entry requires, as "name: option". */
function lacking(resources: PlanResource[]): string[] {
  return dataBearing.flatMap((entry) =>
    matches(resources, entry).flatMap((r) =>
      (Object.entries(entry.requires) as Array<[keyof DataBearing["requires"], boolean]>)
        .filter(([option, required]) => required && !r.options[option])
        .map(([option]) => `${r.name}: ${option}`),
    ),
  );
}

test("the entries name the VMs and mappings, the Talos secrets, the Retain class, the NFS volumes, the restic Secrets and the app namespaces, exactly", () => {
  const names = (entry: DataBearing) => matches(plan.resources, entry).map((r) => r.name);
  expect(dataBearing.map((d) => [d.type, names(d)])).toEqual([
    [proxmoxTokens.vm, ["portkey-metal0", "portkey-metal1", "portkey-metal2"]],
    [proxmoxTokens.pciMapping, ["portkey-igpu"]],
    [proxmoxTokens.usbMapping, ["portkey-usb-zigbee"]],
    [talosTokens.secrets, ["portkey"]],
    [k8sTokens.persistentVolume, ["portkey-nfs-nextcloud", "portkey-nfs-plex"]],
    [k8sTokens.storageClass, ["portkey-ceph-block-retain"]],
    [k8sTokens.secret, expect.arrayContaining(["portkey-paperless-restic", "portkey-vaultwarden-restic"])],
    [k8sTokens.namespace, expect.arrayContaining(["portkey-ns-paperless", "portkey-ns-vaultwarden"])],
  ]);
  expect(matches(plan.resources, dataBearing[6])).toHaveLength(7);
  expect(matches(plan.resources, dataBearing[7])).toHaveLength(7);
});

test("every covered resource of the prod plan carries the options its entry requires", () => {
  expect(lacking(plan.resources)).toEqual([]);
});

test("the check can fail: a VM without protect is named", () => {
  const vm = plan.resources.find((r) => r.name === "portkey-metal1" && r.type === proxmoxTokens.vm)!;
  vm.options.protect = false;
  expect(lacking(plan.resources)).toEqual(["portkey-metal1: protect"]);
});

test("protect: false (a scratch stack) lifts protect everywhere, and Proxmox's own flag, but nothing else", async () => {
  const scratch = await renderProgram({ inventory: { ...readInventory(), protect: false } });
  const wantProtect = dataBearing.filter((d) => d.requires.protect).flatMap((d) => matches(scratch.resources, d));
  expect(new Set(lacking(scratch.resources).map((l) => l.split(": ")[1]))).toEqual(new Set(["protect"]));
  expect(lacking(scratch.resources)).toHaveLength(wantProtect.length);
  const vms = scratch.resources.filter((r) => r.type === proxmoxTokens.vm);
  expect(vms.map((r) => [r.inputs.protection, r.options.deleteBeforeReplace])).toEqual(Array(3).fill([false, true]));
  const { protection: _a, ...scratchVm } = vms[0].inputs;
  const { protection: _b, ...prodVm } = plan.resources.find((r) => r.urn === vms[0].urn)!.inputs;
  expect(scratchVm).toEqual(prodVm);
});
