// The platform's replace rules name inputs the plan really sets (data-bearing entries: tests/safety).
import { prodPlan } from "../plans";
import type { Plan } from "../../planner/plan";
import { k8sReplaceRules } from "../../infra/k8s/safety";

let plan: Plan;
beforeAll(async () => {
  plan = prodPlan();
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
