// The program's plans for the prod inventory, rendered once per run by tests/globalSetup.ts: read
// them here instead of rendering the program again. Each call returns a fresh copy to change freely.
import * as fs from "fs";
import * as path from "path";
import type { Plan, PlanResource } from "../planner/plan";

function read(name: string): Plan {
  const dir = process.env.PORTKEY_TEST_PLANS;
  if (!dir) throw new Error("PORTKEY_TEST_PLANS is not set: run the tests through jest (tests/globalSetup.ts)");
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), "utf8")) as Plan;
}

/** The prod plan as `pulumi preview` sees it. */
export const prodPlan = (): Plan => read("prod");
/** The prod plan as `pulumi up` runs it (the health gate is called only then). */
export const upPlan = (): Plan => read("up");
/** The prod plan with the Talos kubeconfig unknown: a first preview, or one in its renewal window. */
export const kubeconfigUnknownPlan = (): Plan => read("kubeconfigUnknown");

export function ofType(plan: Plan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}

/** The one resource of a type and logical name; throws when there is not exactly one. */
export function byName(plan: Plan, type: string, name: string): PlanResource {
  const found = ofType(plan, type).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

export function invokesOf(plan: Plan, token: string): Array<Record<string, any>> {
  return plan.invokes.filter((i) => i.token === token).map((i) => i.args as Record<string, any>);
}
