// Data safety across layers: every entry of infra/safety.ts's dataBearing list matches resources
// of the prod plan, and every match carries the options the entry requires.
import { dataBearing, dataSafetyProblems, matchingResources } from "../../infra/safety";
import { Plan, renderPlan } from "../harness/plan";
import { readInventory } from "../harness/stackConfig";

let plan: Plan;
beforeAll(async () => {
  plan = await renderPlan();
});

test("the list names VMs, hardware mappings, Talos secrets, the Retain class, NFS volumes, restic Secrets and app namespaces", () => {
  expect(dataBearing.map((d) => d.type).sort()).toEqual([
    "kubernetes:core/v1:Namespace",
    "kubernetes:core/v1:PersistentVolume",
    "kubernetes:core/v1:Secret",
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "proxmoxve:hardware/mapping/pci:Pci",
    "proxmoxve:hardware/mapping/usb:Usb",
    "proxmoxve:index/vmLegacy:VmLegacy",
    "talos:machine/secrets:Secrets",
  ]);
});

test.each(dataBearing.map((d) => [`${d.type} ${d.urnPattern ?? ""}`, d] as const))(
  "%s: matched in the prod plan, each match protected as required",
  (_, entry) => {
    const matches = matchingResources(plan.resources, entry);
    expect(matches.length).toBeGreaterThan(0);
    expect(dataSafetyProblems(matches, [entry])).toEqual([]);
  },
);

test("exact counts: 3 VMs, 7 restic Secrets, 7 app namespaces", () => {
  const count = (type: string) =>
    matchingResources(
      plan.resources,
      dataBearing.find((d) => d.type === type)!,
    ).length;
  expect([
    count("proxmoxve:index/vmLegacy:VmLegacy"),
    count("kubernetes:core/v1:Secret"),
    count("kubernetes:core/v1:Namespace"),
  ]).toEqual([3, 7, 7]);
});

test.each(dataBearing.map((d) => [`${d.type} ${d.urnPattern ?? ""}`, d] as const))(
  "%s: the check fails when one match loses a required option",
  (_, entry) => {
    const victim = matchingResources(plan.resources, entry)[0];
    const [option] = Object.entries(entry.requires).find(([, required]) => required)! as [
      keyof typeof victim.options,
      boolean,
    ];
    const mutated = plan.resources.map((r) =>
      r === victim ? { ...r, options: { ...r.options, [option]: false } } : r,
    );
    expect(dataSafetyProblems(mutated)).toEqual([`${victim.urn} lacks ${option}: ${entry.why}`]);
  },
);

test("the check fails when the type's resources are gone (a stale entry protects nothing)", () => {
  const withoutVms = plan.resources.filter((r) => r.type !== "proxmoxve:index/vmLegacy:VmLegacy");
  expect(dataSafetyProblems(withoutVms)).toEqual([
    expect.stringMatching(/^no resource of type proxmoxve:index\/vmLegacy:VmLegacy matches/),
  ]);
});

test("a stack with protect: false fails the check for every entry that requires protect", async () => {
  const inventory = { ...readInventory(), protect: false };
  const unprotected = await renderPlan({ inventory });
  const failing = new Set(dataSafetyProblems(unprotected.resources).map((p) => p.split(" lacks ")[1]?.split(":")[0]));
  expect([...failing]).toEqual(["protect"]);
  const protectEntries = dataBearing.filter((d) => d.requires.protect);
  const expected = protectEntries.reduce((n, d) => n + matchingResources(unprotected.resources, d).length, 0);
  expect(dataSafetyProblems(unprotected.resources)).toHaveLength(expected);
});
