// Which replacements and deletions the gate stops: anything protected, anything a layer declared
// data-bearing in infra/<layer>/safety.ts, and an app's backup (its ReplicationSource and the
// restic Secret it points at) disappearing.
import type { PlanResource } from "../../tests/harness/plan";
import { covers, DataBearing } from "../../infra/safety";
import type { ReplaceCause, Violation } from "./diffPlans";
import { showValue } from "./paths";

export const replicationSourceType = "kubernetes:volsync.backube/v1alpha1:ReplicationSource";
const secretType = "kubernetes:core/v1:Secret";

type Obj = { [key: string]: unknown };
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "[secret]" && v !== "[unknown]" ? v : undefined;

/** What a reviewer knows the resource by: the VM or node name, a Kubernetes namespace/name, else its name. */
export function subjectOf(r: PlanResource): string {
  const meta = obj(r.inputs.metadata);
  const k8sName = text(meta.name);
  if (k8sName) return text(meta.namespace) ? `${text(meta.namespace)}/${k8sName}` : k8sName;
  return text(r.inputs.name) ?? r.name;
}

/** Removed backup resources by URN, each with the reason naming the app's namespace. */
export function backupRemovals(removed: PlanResource[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const rs of removed.filter((r) => r.type === replicationSourceType)) {
    const meta = obj(rs.inputs.metadata);
    const app = text(meta.namespace) ?? text(meta.name) ?? rs.name;
    reasons.set(rs.urn, `the backup of app ${app} is removed (ReplicationSource ${subjectOf(rs)})`);
    const repository = text(obj(obj(rs.inputs.spec).restic).repository);
    const secret = removed.find(
      (s) =>
        s.type === secretType &&
        text(obj(s.inputs.metadata).name) === repository &&
        text(obj(s.inputs.metadata).namespace) === text(meta.namespace),
    );
    if (secret)
      reasons.set(secret.urn, `the restic repository Secret of app ${app} is removed (referenced by ${subjectOf(rs)})`);
  }
  return reasons;
}

/** The violation for a base resource that would be replaced or deleted, or null when it may go. */
export function violationFor(
  r: PlanResource,
  action: "replace" | "delete",
  causes: ReplaceCause[],
  dataBearing: DataBearing[],
  backupReason?: string,
): Violation | null {
  const held: string[] = [];
  if (r.options.protect) held.push("it is protected (options.protect is true in the base plan)");
  for (const d of dataBearing.filter((entry) => covers(entry, r))) held.push(`it is data-bearing: ${d.why}`);
  if (backupReason) held.push(backupReason);
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
