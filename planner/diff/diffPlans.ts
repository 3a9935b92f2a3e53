// The pure core of `npm run plan:diff`: two offline plans in, a report out. Resources are matched
// by URN; a change of type, name or parent changes the URN, so it shows as a delete plus a create.
import type { ReplaceRule, SafetyModel } from "../../infra/safety/types";
import type { Plan, PlanResource } from "../plan";
import { diffValues, Leaf, PathChange, pathMatches } from "./paths";
import { refusedUpdates } from "./refusals";
import { configRolls, pendingPowerCycles, upgradeRolls } from "./rolls";
import type { DiffReport, ReplaceCause, ResourceChange, ResourceRef, Violation } from "./types";
import { ref, removalReasons, violationFor } from "./violations";

/** The provider URN of a provider reference "urn::id"; the id alone changing is not a new provider. */
function providerUrn(reference: string | null): string | null {
  return reference ? reference.slice(0, reference.lastIndexOf("::")) || reference : null;
}

function metaChanges(a: PlanResource, b: PlanResource): PathChange[] {
  const pick = (r: PlanResource) => ({ options: r.options, package: r.package, provider: providerUrn(r.provider) });
  return diffValues(pick(a) as never, pick(b) as never);
}

/** Semver order of two version strings ("v1.12" is "v1.12.0"); undefined when either is not one. */
export function isLowered(base: Leaf, head: Leaf): boolean {
  const parts = (v: Leaf) =>
    typeof v === "string" && /^v?\d+(\.\d+){0,2}$/.test(v) ? v.replace(/^v/, "").split(".").map(Number) : undefined;
  const [a, b] = [parts(base), parts(head)];
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) {
    if ((b[i] ?? 0) !== (a[i] ?? 0)) return (b[i] ?? 0) < (a[i] ?? 0);
  }
  return false;
}

/** Whether a change of one input path is one `rule` says replaces (its path and its `when`). */
export function ruleReplaces(rule: ReplaceRule, change: PathChange): string | undefined {
  const hit = rule.inputs.find((input) => pathMatches(change.path, input));
  if (!hit) return undefined;
  if (rule.when === "lowered" && !isLowered(change.base, change.head)) return undefined;
  if (rule.when === "changed" && change.base === undefined) return undefined;
  return hit;
}

function replaceCauses(a: PlanResource, b: PlanResource, inputs: PathChange[], rules: ReplaceRule[]): ReplaceCause[] {
  const causes: ReplaceCause[] = [];
  for (const change of inputs) {
    for (const rule of rules.filter((r) => r.type === a.type)) {
      const hit = ruleReplaces(rule, change);
      if (!hit) continue;
      const source = rule.when === "lowered" ? `lowered: ${rule.source}` : rule.source;
      causes.push({ path: change.path, rule: hit, source, base: change.base, head: change.head });
    }
    const roc = b.options.replaceOnChanges.find((p) => p === "*" || pathMatches(change.path, p));
    if (roc) causes.push({ ...change, rule: `replaceOnChanges ${roc}`, source: "resource options" });
  }
  if (providerUrn(a.provider) !== providerUrn(b.provider)) {
    const [from, to] = [providerUrn(a.provider), providerUrn(b.provider)];
    causes.push({
      path: "provider",
      rule: "provider reference",
      source: "a resource moved to another provider is recreated",
      base: from,
      head: to,
    });
  }
  return causes;
}

export function diffPlans(base: Plan, head: Plan, model: SafetyModel): DiffReport {
  const { replaceRules: rules, dataBearing } = model;
  const before = new Map(base.resources.map((r) => [r.urn, r]));
  const after = new Map(head.resources.map((r) => [r.urn, r]));
  const addedRes = head.resources.filter((r) => !before.has(r.urn));
  const removedRes = base.resources.filter((r) => !after.has(r.urn));
  const changed: ResourceChange[] = [];
  let unchanged = 0;
  for (const a of base.resources) {
    const b = after.get(a.urn);
    if (!b) continue;
    // As the engine does: a change under one of the head's ignoreChanges paths is no change.
    const inputs = diffValues(a.inputs, b.inputs).filter(
      (c) => !b.options.ignoreChanges.some((ignored) => pathMatches(c.path, ignored)),
    );
    const meta = metaChanges(a, b);
    if (inputs.length === 0 && meta.length === 0) unchanged++;
    else changed.push({ ...ref(b), inputs, meta, replaceCauses: replaceCauses(a, b, inputs, rules) });
  }
  // As the engine does: a resource whose replaceWith names a replaced resource is replaced with it.
  const replaced = new Set(changed.filter((c) => c.replaceCauses.length > 0).map((c) => c.urn));
  for (const b of head.resources.filter((r) => before.has(r.urn))) {
    const cause = b.options.replaceWith.find((u) => replaced.has(u));
    if (!cause) continue;
    const withCause: ReplaceCause = {
      path: "replaceWith",
      rule: "replaceWith",
      source: "resource options: replaced together with it",
      base: null,
      head: cause,
    };
    const existing = changed.find((c) => c.urn === b.urn);
    if (existing) existing.replaceCauses.push(withCause);
    else {
      unchanged--;
      changed.push({ ...ref(b), inputs: [], meta: [], replaceCauses: [withCause] });
    }
  }
  const removed = removedRes.map((r) => {
    const twin = addedRes.find((n) => n.name === r.name && (n.type === r.type || n.parent === r.parent));
    return { ...ref(r), recreatedAs: twin ? twin.urn : null };
  });
  const violations: Violation[] = [];
  for (const c of changed.filter((c) => c.replaceCauses.length > 0)) {
    const v = violationFor(before.get(c.urn)!, "replace", c.replaceCauses, dataBearing);
    if (v) violations.push(v);
  }
  const removals = removalReasons(removedRes, model.removalRules);
  for (const r of removedRes) {
    const v = violationFor(r, "delete", [], dataBearing, removals.get(r.urn));
    if (v) violations.push(v);
  }
  const byUrn = (x: ResourceRef, y: ResourceRef) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0);
  const powerCycles = pendingPowerCycles(changed, model.powerCycleRules);
  return {
    project: head.project,
    stack: head.stack,
    added: addedRes.map(ref).sort(byUrn),
    removed: removed.sort(byUrn),
    changed: changed.sort(byUrn),
    unchanged,
    violations: violations.sort(byUrn),
    rolls: [...upgradeRolls(base, head, model.rollRules), ...configRolls(base, head, model.configRules)],
    powerCycles,
    refused: refusedUpdates(changed, powerCycles, model.growRules),
  };
}

/** The gate: exit code 1 when anything would be destroyed, unless a reviewer allowed it. */
export function gateExitCode(report: DiffReport, allowReplace: boolean): number {
  return report.violations.length > 0 && !allowReplace ? 1 : 0;
}
