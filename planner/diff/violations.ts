// Which replacements and deletions the gate stops: anything protected, anything a layer declared
// data-bearing, and anything a layer's removal rule names (an app's backup and its Secret).
import { covers, DataBearing, RemovalRule } from "../../infra/safety/types";
import type { PlanResource } from "../plan";
import { flatten, showValue } from "./paths";
import type { ReplaceCause, ResourceRef, Violation } from "./types";

type Obj = { [key: string]: unknown };
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "[secret]" && v !== "[unknown]" ? v : undefined;

const valueAt = (inputs: PlanResource["inputs"], path: string) => flatten(inputs).get(path);

export function ref(r: PlanResource): ResourceRef {
  return { urn: r.urn, type: r.type, subject: subjectOf(r) };
}

/** What a reviewer knows the resource by: the VM or node name, a Kubernetes namespace/name, else its name. */
export function subjectOf(r: PlanResource): string {
  const meta = obj(r.inputs.metadata);
  const k8sName = text(meta.name);
  if (k8sName) return text(meta.namespace) ? `${text(meta.namespace)}/${k8sName}` : k8sName;
  return text(r.inputs.name) ?? r.name;
}

/** The reason each removed resource is lost by a removal rule (an app's backup and its Secret), by URN. */
export function removalReasons(removed: PlanResource[], rules: RemovalRule[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const rule of rules) {
    for (const r of removed.filter((x) => x.type === rule.type)) {
      const meta = obj(r.inputs.metadata);
      const namespace = text(meta.namespace) ?? text(meta.name) ?? r.name;
      const fill = (why: string) => why.replace(/\{namespace\}/g, namespace);
      reasons.set(r.urn, `${fill(rule.why)} (${r.type.split(":").pop()} ${subjectOf(r)})`);
      if (!rule.names) continue;
      const named = text(valueAt(r.inputs, rule.names.path));
      const other = removed.find(
        (s) =>
          s.type === rule.names!.type &&
          text(obj(s.inputs.metadata).name) === named &&
          text(obj(s.inputs.metadata).namespace) === text(meta.namespace),
      );
      if (other) reasons.set(other.urn, `${fill(rule.names.why)} (referenced by ${subjectOf(r)})`);
    }
  }
  return reasons;
}

/** The violation for a base resource that would be replaced or deleted, or null when it may go. */
export function violationFor(
  r: PlanResource,
  action: "replace" | "delete",
  causes: ReplaceCause[],
  dataBearing: DataBearing[],
  removalReason?: string,
): Violation | null {
  const held: string[] = [];
  if (r.options.protect) held.push("it is protected (options.protect is true in the base plan)");
  for (const d of dataBearing.filter((entry) => covers(entry, r))) {
    // A replace never deletes what the resource kept with retainOnDelete: the old one is let go,
    // not deleted, so data kept that way survives (an app's namespace moving provider, say).
    if (action === "replace" && d.requires.retainOnDelete && r.options.retainOnDelete) continue;
    held.push(`it is data-bearing: ${d.why}`);
  }
  if (removalReason) held.push(removalReason);
  if (held.length === 0) return null;
  const how =
    action === "delete"
      ? ["it is removed from the program (delete)"]
      : causes.map(
          (c) =>
            `\`${c.path}\` changes ${showValue(c.base)} → ${showValue(c.head)}, which forces a replacement (rule \`${c.rule}\`: ${c.source})`,
        );
  return { urn: r.urn, type: r.type, subject: subjectOf(r), action, why: [...how, ...held] };
}
