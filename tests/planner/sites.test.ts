// The offline plan's site is the inventory: `npm run plan` of the four-node and the 30-node stack
// files (tests/inventories/) renders, and the Proxmox objects it plans follow each host's
// declarations. Both files differ from Pulumi.prod.yaml only where a site differs.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { proxmoxTokens } from "../../infra/tokens";
import type { Plan, PlanResource } from "../../planner/plan";
import { readInventory, repoRoot } from "../../planner/stackFile";
import { plan } from "../../scripts/plan";
import { invokesOf, ofType } from "../plans";

const stackFile = (site: string) => path.join(repoRoot, "tests", "inventories", `Pulumi.${site}.yaml`);

async function planOf(site: string): Promise<Plan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portkey-${site}-`));
  const io = { out: "", err: "" };
  const code = await plan(["--stack-file", stackFile(site), "--out", dir], {
    out: (t) => (io.out += t),
    err: (t) => (io.err += t),
  });
  expect({ code, err: io.err }).toEqual({ code: 0, err: "" });
  return JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8")) as Plan;
}

/** host → how many of `resources` it holds (by their nodeName, or by their mapping entries' node). */
function perHost(resources: PlanResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) {
    const hosts = r.inputs.maps ? (r.inputs.maps as Array<{ node: string }>).map((m) => m.node) : [r.inputs.nodeName];
    for (const host of hosts as string[]) counts[host] = (counts[host] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
const mappings = (p: Plan) => [...ofType(p, proxmoxTokens.pciMapping), ...ofType(p, proxmoxTokens.usbMapping)];

test.each(["four-node", "thirty-node"])(
  "the %s stack file differs from prod only in proxmox.hosts and nodes",
  (site) => {
    const strip = (inventory: Record<string, any>) => ({
      ...inventory,
      nodes: {},
      proxmox: { ...inventory.proxmox, hosts: {} },
    });
    expect(strip(readInventory(stackFile(site)))).toEqual(strip(readInventory()));
  },
);

describe("four nodes: metal3, a worker on rivendell", () => {
  let four: Plan;
  beforeAll(async () => (four = await planOf("four-node")), 60_000);

  test("4 VMs, one per host; 4 downloads, two of them the iGPU image; one iGPU mapping entry on rohan and gondor, the dongle on mirkwood", () => {
    const hosts = { gondor: 1, mirkwood: 1, rivendell: 1, rohan: 1 };
    expect(perHost(ofType(four, proxmoxTokens.vm))).toEqual(hosts);
    expect(perHost(ofType(four, proxmoxTokens.downloadFile))).toEqual(hosts);
    expect(
      ofType(four, proxmoxTokens.downloadFile)
        .filter((f) => f.name.endsWith("-intel-igpu"))
        .map((f) => f.inputs.nodeName),
    ).toEqual(["gondor", "rohan"]);
    expect(perHost(mappings(four))).toEqual({ gondor: 1, mirkwood: 1, rohan: 1 });
  });

  test("the preflight asks rivendell for its image datastore only: it declares no GPU and no USB device", () => {
    expect(invokesOf(four, proxmoxTokens.getDatastores).filter((a) => a.nodeName === "rivendell")).toEqual([
      { filters: { id: "local" }, nodeName: "rivendell" },
    ]);
    expect(invokesOf(four, proxmoxTokens.getPci).map((a) => a.nodeName)).toEqual(["gondor", "rohan"]);
  });
});

describe("30 nodes on ten hosts", () => {
  let thirty: Plan;
  beforeAll(async () => (thirty = await planOf("thirty-node")), 60_000);

  test("30 VMs, three per host, with the iGPU on exactly metal1, metal2, metal5 and metal6", () => {
    const vms = ofType(thirty, proxmoxTokens.vm);
    expect(vms).toHaveLength(30);
    expect(new Set(Object.values(perHost(vms)))).toEqual(new Set([3]));
    expect(Object.keys(perHost(vms))).toHaveLength(10);
    expect(
      vms
        .filter((vm) => (vm.inputs.hostpcis as unknown[]).length > 0)
        .map((vm) => vm.inputs.name)
        .sort(),
    ).toEqual(["metal1", "metal2", "metal5", "metal6"]);
  });

  test("14 downloads: one per host and hardware group, so two on each of the four iGPU hosts", () => {
    const downloads = ofType(thirty, proxmoxTokens.downloadFile);
    expect(downloads).toHaveLength(14);
    expect(perHost(downloads)).toEqual({
      bree: 1,
      dale: 1,
      erebor: 2,
      esgaroth: 1,
      gondor: 2,
      isengard: 2,
      lorien: 1,
      mirkwood: 1,
      rivendell: 1,
      rohan: 2,
    });
  });

  test("3 mappings: the iGPU with an entry on each of its four hosts, zigbee on mirkwood, zwave on lorien", () => {
    expect(mappings(thirty).map((m) => [m.inputs.name, perHost([m])])).toEqual([
      ["igpu", { erebor: 1, gondor: 1, isengard: 1, rohan: 1 }],
      ["zigbee", { mirkwood: 1 }],
      ["zwave", { lorien: 1 }],
    ]);
  });

  test("each VM's disks and NIC are on its own host's datastore and bridge (bree keeps both roles on one storage)", () => {
    const byName = Object.fromEntries(ofType(thirty, proxmoxTokens.vm).map((vm) => [vm.inputs.name, vm.inputs]));
    expect(
      [byName.metal7, byName.metal8, byName.metal9].map((vm: any) => [
        vm.disks[0].datastoreId,
        vm.networkDevices[0].bridge,
      ]),
    ).toEqual([
      ["local-zfs", "vmbr0"],
      ["local-lvm", "vmbr1"],
      ["local", "vmbr0"],
    ]);
  });
});
