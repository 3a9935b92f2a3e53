// What a change does to the running nodes, beyond create, update and replace: which nodes roll
// and in which order, which node configs are re-applied, and which VM changes wait for a power
// cycle. The layers declare the rules (infra/*/safety.ts); this file knows only plans and paths.
import { parseAllDocuments } from "yaml";
import type { ConfigRule, PowerCycleRule, RollRule } from "../../infra/safety/types";
import type { Plan, PlanResource } from "../plan";
import type { Json } from "../wire";
import { diffValues, flatten, PathChange, pathMatches } from "./paths";
import type { PendingPowerCycle, Roll } from "./types";

const valueAt = (r: PlanResource, path: string): Json | undefined => flatten(r.inputs).get(path);

/** URNs a resource depends on, directly or through others. */
function ancestors(plan: Plan, urn: string, seen = new Set<string>()): Set<string> {
  const r = plan.resources.find((x) => x.urn === urn);
  for (const dep of r?.dependencies ?? []) {
    if (!seen.has(dep)) {
      seen.add(dep);
      ancestors(plan, dep, seen);
    }
  }
  return seen;
}

/** Upgrade steps whose trigger changed, in dependency order, merged while the shown change is the same. */
export function upgradeRolls(base: Plan, head: Plan, rules: RollRule[]): Roll[] {
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const steps: Array<{ rule: RollRule; r: PlanResource; change: PathChange }> = [];
  for (const r of head.resources) {
    const old = before.get(r.urn);
    const rule = rules.find((x) => x.type === r.type && valueAt(r, x.trigger) !== undefined);
    if (!old || !rule || valueAt(old, rule.trigger) === valueAt(r, rule.trigger)) continue;
    steps.push({ rule, r, change: { path: rule.shown, base: valueAt(old, rule.shown), head: valueAt(r, rule.shown) } });
  }
  const urns = new Set(steps.map((s) => s.r.urn));
  const depth = new Map(steps.map((s) => [s.r.urn, [...ancestors(head, s.r.urn)].filter((u) => urns.has(u)).length]));
  steps.sort((a, b) => depth.get(a.r.urn)! - depth.get(b.r.urn)!);
  const rolls: Roll[] = [];
  for (const { rule, r, change } of steps) {
    const nodes = String(valueAt(r, rule.nodes) ?? r.name).split(",");
    const last = rolls[rolls.length - 1];
    if (last && last.what === rule.what && JSON.stringify(last.changes) === JSON.stringify([change])) {
      last.nodes.push(...nodes);
    } else rolls.push({ what: rule.what, nodes, sequential: true, changes: [change] });
  }
  return rolls;
}

/** An invoke's arguments with its YAML arguments parsed, so a change shows by field. */
function expanded(args: Json, yamlArgs: string[]): Json {
  if (args === null || typeof args !== "object" || Array.isArray(args)) return args;
  const out: { [key: string]: Json } = { ...args };
  for (const name of yamlArgs) {
    const value = out[name];
    const parse = (text: Json): Json => {
      if (typeof text !== "string" || text === "[secret]" || text === "[unknown]") return text;
      const docs = parseAllDocuments(text).map((d) => d.toJSON() as Json);
      return docs.length === 1 ? docs[0] : docs;
    };
    if (Array.isArray(value)) out[name] = value.map(parse);
    else if (value !== undefined) out[name] = parse(value);
  }
  return out;
}

/** Per-node invocations whose arguments changed, grouped by identical change. */
export function configRolls(base: Plan, head: Plan, rules: ConfigRule[]): Roll[] {
  const rolls: Roll[] = [];
  for (const rule of rules) {
    const byNode = (plan: Plan) =>
      new Map(
        plan.invokes
          .filter((i) => i.token === rule.token)
          .map((i) => [rule.node(i.args) ?? "", expanded(i.args, rule.yamlArgs)] as const),
      );
    const [before, after] = [byNode(base), byNode(head)];
    for (const node of [...after.keys()].filter((n) => n !== "" && before.has(n)).sort()) {
      const changes = diffValues(before.get(node)!, after.get(node)!);
      if (changes.length === 0) continue;
      const same = rolls.find((r) => r.what === rule.what && JSON.stringify(r.changes) === JSON.stringify(changes));
      if (same) same.nodes.push(node);
      else rolls.push({ what: rule.what, nodes: [node], sequential: false, changes });
    }
  }
  return rolls;
}

/** Changed inputs that a power-cycle rule covers, per resource. */
export function pendingPowerCycles(
  changed: Array<{ urn: string; type: string; subject: string; inputs: PathChange[] }>,
  rules: PowerCycleRule[],
): PendingPowerCycle[] {
  return changed.flatMap((c) => {
    const inputs = rules.filter((r) => r.type === c.type).flatMap((r) => r.inputs);
    const changes = c.inputs.filter((i) => inputs.some((rule) => pathMatches(i.path, rule)));
    return changes.length > 0 ? [{ urn: c.urn, subject: c.subject, changes }] : [];
  });
}
