// The Talos layer's inputs carry their dependencies as data: each field on its own VM only.
import { createHash } from "crypto";
import { vmType } from "../../infra/proxmox/safety";
import type { Plan } from "../harness/plan";
import { byName, ofType, renderLayer } from "./plan";

describe("ProvisionedNode outputs", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await renderLayer();
  });
  const probe = (name: string) => byName(plan, "test:index:Probe", name);

  test.each(["metal0", "metal1", "metal2"])("%s: ip, host and vmId depend on its own VM only", (hostname) => {
    const vm = byName(plan, vmType, `portkey-${hostname}`);
    for (const field of ["ip", "host", "vmId"]) {
      expect(probe(`${hostname}.${field}`).dependencies).toEqual([vm.urn]);
    }
  });

  test("schematicId depends on the node's VM and its group's schematic, nothing else", () => {
    const schematic = (group: string) => byName(plan, "talos:imageFactory/schematic:Schematic", `portkey-${group}`).urn;
    const groups: Record<string, string> = { metal0: "base", metal1: "intel-igpu", metal2: "intel-igpu" };
    for (const [hostname, group] of Object.entries(groups)) {
      const vm = byName(plan, vmType, `portkey-${hostname}`).urn;
      expect(probe(`${hostname}.schematicId`).dependencies).toEqual([vm, schematic(group)].sort());
    }
  });

  test("the values are the inventory's, read back from the VMs", () => {
    const values = Object.fromEntries(ofType(plan, "test:index:Probe").map((p) => [p.name, p.inputs.value]));
    expect(values).toMatchObject({
      "metal0.ip": "192.168.0.11",
      "metal0.host": "mirkwood",
      "metal0.vmId": 106,
      "metal1.ip": "192.168.0.12",
      "metal1.host": "rohan",
      "metal1.vmId": 107,
      "metal2.ip": "192.168.0.13",
      "metal2.host": "gondor",
      "metal2.vmId": 104,
    });
    const idOf = (group: string) =>
      createHash("sha256")
        .update(String(byName(plan, "talos:imageFactory/schematic:Schematic", `portkey-${group}`).inputs.schematic))
        .digest("hex");
    expect([values["metal0.schematicId"], values["metal1.schematicId"], values["metal2.schematicId"]]).toEqual([
      idOf("base"),
      idOf("intel-igpu"),
      idOf("intel-igpu"),
    ]);
  });
});
