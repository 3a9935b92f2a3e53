// A Talos version bump or a new extension must not change any VM input that forces replacement.
import { proxmoxReplaceRules, vmType } from "../../infra/proxmox/safety";
import type { Plan } from "../harness/plan";
import { ofType, renderLayer, valuesAt } from "./plan";

const versionsModule = "../../infra/versions";
const extensionsModule = "../../infra/proxmox/extensions";

async function renderWith(mocks: Array<[string, () => unknown]>): Promise<Plan> {
  for (const [name, factory] of mocks) jest.doMock(name, factory);
  try {
    return await renderLayer();
  } finally {
    for (const [name] of mocks) jest.dontMock(name);
  }
}

const vmRulePaths = proxmoxReplaceRules.filter((r) => r.type === vmType).flatMap((r) => r.inputs);

function replaceForcing(plan: Plan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const vm of ofType(plan, vmType)) {
    for (const rulePath of vmRulePaths) {
      for (const [p, v] of valuesAt(vm.inputs, rulePath)) out[`${vm.name}:${p}`] = v;
    }
  }
  return out;
}

const importFroms = (plan: Plan) =>
  ofType(plan, vmType).map((vm) => (vm.inputs.disks as any[])[0].importFrom as string);

describe("VM stability", () => {
  let base: Plan;
  beforeAll(async () => {
    base = await renderLayer();
  });

  test("the comparison covers the rules that matter: vmId, nodeName, EFI disk type, cloud-init type", () => {
    const values = replaceForcing(base);
    expect(values["portkey-metal1:vmId"]).toBe(107);
    expect(values["portkey-metal1:nodeName"]).toBe("rohan");
    expect(values["portkey-metal1:efiDisk.type"]).toBe("4m");
    expect(values["portkey-metal1:initialization.type"]).toBe("nocloud");
    expect(Object.keys(values).filter((k) => k.includes("disks[0].fileId"))).toHaveLength(3);
  });

  test("a different Talos version changes the boot image but no replace-forcing VM input", async () => {
    const bumped = await renderWith([
      [versionsModule, () => ({ ...jest.requireActual(versionsModule), talosVersion: "v1.13.0" })],
    ]);
    expect(importFroms(bumped).every((f) => f.includes("-v1.13.0-") || f.includes("talos-v1.13.0"))).toBe(true);
    expect(importFroms(bumped)).not.toEqual(importFroms(base));
    expect(replaceForcing(bumped)).toEqual(replaceForcing(base));
    for (const vm of ofType(bumped, vmType)) expect(vm.options.ignoreChanges).toEqual(["disks[0].importFrom"]);
  });

  test("an added extension changes the schematic but no replace-forcing VM input", async () => {
    const actual = jest.requireActual(extensionsModule);
    const more = Object.fromEntries(
      Object.entries(actual.groupExtensions as Record<string, string[]>).map(([g, exts]) => [
        g,
        [...exts, "siderolabs/iscsi-tools"],
      ]),
    );
    const extended = await renderWith([[extensionsModule, () => ({ ...actual, groupExtensions: more })]]);
    const schematics = ofType(extended, "talos:imageFactory/schematic:Schematic");
    expect(schematics.every((s) => String(s.inputs.schematic).includes("siderolabs/iscsi-tools"))).toBe(true);
    expect(importFroms(extended)).not.toEqual(importFroms(base));
    expect(replaceForcing(extended)).toEqual(replaceForcing(base));
  });
});
