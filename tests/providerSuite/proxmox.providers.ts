// The Proxmox part of the provider suite: bpg's provider (the release pulumi-proxmoxve bridges) under
// OpenTofu, offline. The prod and four-node plans' proxmoxve resources validate and plan; the
// provider refuses what the config refuses (the old comma comment of the GPU mapping) and what the
// inventory could not have produced; each of the change gate's replace rules, and each in-place
// change probed, is planned by the provider as the gate says.
import * as path from "path";
import type { Plan } from "../../planner/plan";
import { renderProgram, renderProgramOutcome } from "../../planner/program";
import { readInventory, repoRoot } from "../../planner/stackFile";
import { proxmoxTokens } from "../../infra/tokens";
import {
  checkProxmoxResources,
  closedPort,
  proxmoxTools,
  terraformResources,
  Tofu,
} from "../../scripts/providers/proxmox";
import { probes, runProbes } from "../../scripts/providers/proxmoxRules";
import type { TfProviderSchema } from "../../scripts/providers/terraform";

jest.setTimeout(120_000);

let tofu: Tofu;
let schema: TfProviderSchema;
let prod: Plan;

beforeAll(async () => {
  tofu = new Tofu(proxmoxTools(), await closedPort());
  schema = tofu.schema();
  prod = await renderProgram();
});
afterAll(() => tofu.remove());

/** The prod plan with one proxmoxve resource's inputs changed by `edit`. */
function edited(name: string, edit: (inputs: any) => void): Plan {
  const copy = JSON.parse(JSON.stringify(prod)) as Plan;
  edit(copy.resources.find((r) => r.name === name)!.inputs);
  return copy;
}

test("every proxmoxve resource of the prod plan validates and plans as a create", () => {
  const report = checkProxmoxResources(prod, tofu, schema);
  expect(report.errors).toEqual([]);
  expect(report.checked).toBe(prod.resources.filter((r) => r.type.startsWith("proxmoxve:") && r.custom).length);
  expect(report.checked).toBe(8);
});

test("so does the four-node site's: metal3's VM and rivendell's image too", async () => {
  const four = await renderProgram({
    inventory: readInventory(path.join(repoRoot, "tests", "inventories", "Pulumi.four-node.yaml")),
  });
  const report = checkProxmoxResources(four, tofu, schema);
  expect(report.errors).toEqual([]);
  expect(report.checked).toBe(10);
});

describe("the old comma comment of the GPU mapping", () => {
  const comma = "Intel UHD Graphics (N100, Alder Lake-N)";

  test("the config refuses it in a scratch inventory, naming the key and the rule", async () => {
    const inventory = readInventory() as any;
    inventory.proxmox.hosts.rohan.gpu.model = comma;
    const outcome = await renderProgramOutcome({ inventory });
    expect(String(outcome.error)).toContain("proxmox.hosts.rohan.gpu.model");
    expect(String(outcome.error)).toContain('must not contain "," or "="');
  });

  test("the real provider refuses it too, naming the mapping, its nodes and the field", () => {
    const plan = edited("portkey-igpu", (inputs) => {
      for (const m of inputs.maps) if (m.node === "rohan") m.comment = comma;
    });
    const report = checkProxmoxResources(plan, tofu, schema);
    expect(report.checked).toBe(0);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(
      /^portkey-igpu \(gondor, rohan\): Invalid Attribute Value Match: .*\.comment must not contain commas/,
    );
  });
});

test("an input the bridge maps to nothing fails before the provider runs, naming the resource, node and path", () => {
  const plan = edited("portkey-metal0", (inputs) => {
    inputs.cpu.coress = 4;
  });
  const { problems } = terraformResources(plan, schema);
  expect(problems).toEqual([
    "portkey-metal0 (mirkwood): cpu.coress: no attribute or block of the provider's schema is named so by the bridge",
  ]);
});

test("a VM id Proxmox does not give out (below 100) is refused by the provider, naming the VM and its node", () => {
  const plan = edited("portkey-metal2", (inputs) => {
    inputs.vmId = 42;
  });
  const report = checkProxmoxResources(plan, tofu, schema);
  expect(report.errors.join("\n")).toMatch(/^portkey-metal2 \(gondor\): .*vm_id/m);
});

describe("the change gate's replace rules, planned by the provider from a state of the planned VM, image and mappings", () => {
  let resources: ReturnType<typeof terraformResources>["resources"];
  let planned: ReturnType<Tofu["plan"]>["planned"];
  beforeAll(() => {
    resources = terraformResources(prod, schema).resources;
    tofu.write(resources);
    planned = tofu.plan().planned;
  });

  const name = (p: (typeof probes)[number]) =>
    `${Object.entries(proxmoxTokens).find(([, t]) => t === p.type)![0]}: ${p.set.map(([k]) => k).join(", ")}${p.from ? " (set before)" : ""}`;
  test.each(probes.map((p) => [name(p), p] as const))("%s", (_, probe) => {
    const [result] = runProbes(tofu, schema, resources, planned, [probe]);
    expect({ planned: result.planned, expected: result.expected }).toEqual({
      planned: result.expected === "replace" ? "replace" : "update",
      expected: result.expected,
    });
  });
});
