// A short, `pulumi preview`-like summary of a plan: resources per layer and type.
import type { Plan, PlanResource } from "./plan";
import { otherTokens } from "../infra/tokens";

/** The layer a resource belongs to: its top-level component's type (a component is its own layer). */
function layerOf(byUrn: Map<string, PlanResource>, r: PlanResource): string {
  let layer = r.custom ? "stack" : r.type;
  for (
    let p = r.parent && byUrn.get(r.parent);
    p && p.type !== otherTokens.stack;
    p = p.parent && byUrn.get(p.parent)
  ) {
    layer = p.type;
  }
  return layer;
}

export function summarize(plan: Plan, file: string): string {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const groups = new Map<string, Map<string, number>>();
  for (const r of plan.resources) {
    if (r.type === otherTokens.stack) continue;
    const layer = layerOf(byUrn, r);
    const types = groups.get(layer) ?? new Map<string, number>();
    types.set(r.type, (types.get(r.type) ?? 0) + 1);
    groups.set(layer, types);
  }
  const lines = [`Previewing ${plan.project}/${plan.stack} (offline)`, ""];
  for (const layer of [...groups.keys()].sort()) {
    lines.push(`  ${layer}`);
    for (const [type, count] of [...groups.get(layer)!.entries()].sort())
      lines.push(`    + ${String(count).padStart(3)} ${type}`);
  }
  const total = plan.resources.filter((r) => r.type !== otherTokens.stack).length;
  lines.push(
    "",
    `Resources: ${total} to create; invokes: ${plan.invokes.length}; outputs: ${Object.keys(plan.outputs).sort().join(", ") || "none"}`,
  );
  lines.push(`Wrote ${file}`, "");
  return lines.join("\n");
}
