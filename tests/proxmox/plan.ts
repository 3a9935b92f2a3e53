// Shared helpers of the proxmox layer tests: render the layer, pick resources, read input paths.
import * as path from "path";
import { Plan, PlanResource, renderPlan, RenderOptions } from "../harness/plan";
import type { Json } from "../harness/wire";
export { fourNodeInventory } from "../config/variants";

export const layerEntry = path.join(__dirname, "programs", "layer.ts");

export function renderLayer(options: Omit<RenderOptions, "entry"> = {}): Promise<Plan> {
  return renderPlan({ ...options, entry: layerEntry });
}

export function ofType(plan: Plan, type: string): PlanResource[] {
  return plan.resources.filter((r) => r.type === type);
}

export function byName(plan: Plan, type: string, name: string): PlanResource {
  const found = ofType(plan, type).filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** Every concrete path and value a rule path ("disks[*].fileId") matches; absent leaves included. */
export function valuesAt(value: Json | undefined, rulePath: string): Array<[string, Json | undefined]> {
  const [head, ...rest] = rulePath.split(".");
  const list = head.endsWith("[*]");
  const key = list ? head.slice(0, -3) : head;
  const child = value !== null && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
  const tail = rest.join(".");
  if (list) {
    const items = Array.isArray(child) ? child : [];
    return items.flatMap((item, i) =>
      tail
        ? valuesAt(item, tail).map(([p, v]) => [`${key}[${i}].${p}`, v] as [string, Json | undefined])
        : [[`${key}[${i}]`, item]],
    );
  }
  return tail ? valuesAt(child, tail).map(([p, v]) => [`${key}.${p}`, v]) : [[key, child]];
}
