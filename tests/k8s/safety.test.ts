// The platform's data-bearing resources carry the options infra/k8s/safety.ts demands, and the
// patterns there match exactly the resources they mean.
import type { Plan } from "../harness/plan";
import { k8sDataBearing, k8sReplaceRules } from "../../infra/k8s/safety";
import { platformPlan } from "./helpers";

let plan: Plan;
beforeAll(async () => {
  plan = await platformPlan();
});

const matches = (rule: (typeof k8sDataBearing)[number]) =>
  plan.resources.filter((r) => r.type === rule.type && (!rule.urnPattern || rule.urnPattern.test(r.urn)));

test("the data-bearing rules match the two NFS volumes and the Retain class, nothing else", () => {
  expect(k8sDataBearing.map((rule) => matches(rule).map((r) => r.name))).toEqual([
    ["portkey-nfs-nextcloud", "portkey-nfs-plex"],
    ["portkey-ceph-block-retain"],
  ]);
});

test("each data-bearing resource carries the options its rule requires (prod protects)", () => {
  const missing = k8sDataBearing.flatMap((rule) =>
    matches(rule).flatMap((r) =>
      Object.entries(rule.requires)
        .filter(([option, wanted]) => r.options[option as keyof typeof rule.requires] !== wanted)
        .map(([option]) => `${r.name}: ${option}`),
    ),
  );
  expect(missing).toEqual([]);
});

test("replace rules name StorageClass and PersistentVolume inputs the plan actually sets", () => {
  for (const rule of k8sReplaceRules) {
    const resource = plan.resources.find((r) => r.type === rule.type)!;
    const present = rule.inputs.filter(
      (path) =>
        path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], resource.inputs) !== undefined,
    );
    expect(present).toEqual(rule.inputs.filter((p) => p !== "spec.volumeMode"));
  }
});
