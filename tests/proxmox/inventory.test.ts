// Inventory changes plan without code changes; bad inventories stop before any resource.
import { proxmoxTokens } from "../../infra/tokens";
import { readInventory } from "../../planner/stackFile";
import { byName, ofType } from "../plans";
import { fourNodeInventory } from "../config/variants";
import { renderProgram } from "../../planner/program";
const { downloadFile: downloadFileType, pciMapping: pciMappingType, vm: vmType } = proxmoxTokens;

describe("inventory", () => {
  test("a fourth host with a worker metal3 plans a fourth VM, started after the control planes", async () => {
    const plan = await renderProgram({ inventory: fourNodeInventory() });
    expect(ofType(plan, vmType)).toHaveLength(4);
    expect(byName(plan, vmType, "portkey-metal3").inputs).toMatchObject({
      nodeName: "rivendell",
      vmId: 108,
      name: "metal3",
      tags: ["portkey", "talos", "worker"],
      startup: { order: 2 },
      hostpcis: [],
      usbs: [],
      memory: { dedicated: 16384, floating: 0 },
      initialization: { ipConfigs: [{ ipv4: { address: "192.168.0.14/24", gateway: "192.168.0.1" } }] },
    });
    expect(
      ofType(plan, downloadFileType)
        .map((f) => f.name)
        .sort(),
    ).toEqual([
      "portkey-gondor-intel-igpu",
      "portkey-mirkwood-base",
      "portkey-rivendell-base",
      "portkey-rohan-intel-igpu",
    ]);
    expect((byName(plan, pciMappingType, "portkey-igpu").inputs.maps as any[]).map((m) => m.node)).toEqual([
      "gondor",
      "rohan",
    ]);
  });

  const rejects: Array<[string, (inv: Record<string, any>) => void, string]> = [
    [
      "a GPU on mirkwood",
      (inv) => {
        inv.nodes.metal0.hardware = ["zigbee", "gpu"];
      },
      'nodes.metal0.hardware[1] "gpu" cannot be passed through',
    ],
    [
      "a device the host does not have",
      (inv) => {
        inv.nodes.metal1.hardware = ["gpu", "zigbee"];
      },
      'nodes.metal1.hardware[1] "zigbee" is not a device of host rohan',
    ],
    [
      "two VMs with one id on different hosts",
      (inv) => {
        inv.nodes.metal2.vmId = 107;
      },
      "nodes.metal2.vmId 107 is also the VM id of nodes.metal1",
    ],
  ];
  test.each(rejects)("rejects %s before registering anything", async (_what, mutate, message) => {
    const inventory = readInventory() as Record<string, any>;
    mutate(inventory);
    await expect(renderProgram({ inventory })).rejects.toThrow(message);
  });
});
