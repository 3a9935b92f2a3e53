// Input paths: flatten a resource's inputs to "path → leaf value" and match paths against the
// replace-forcing rules of the layers' safety files (infra/safety) ("disks[*].fileId"; "[*]" stands for any list index).
import type { Json } from "../wire";

/** A leaf value at a path; `undefined` means the path is absent on that side. */
export type Leaf = Json | undefined;

export interface PathChange {
  path: string;
  base: Leaf;
  head: Leaf;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function join(prefix: string, key: string): string {
  if (!identifier.test(key)) return `${prefix}[${JSON.stringify(key)}]`;
  return prefix ? `${prefix}.${key}` : key;
}

/** Every leaf of a JSON value by path; empty objects and lists are leaves too, so adding one shows. */
export function flatten(value: Json, prefix = "", out = new Map<string, Json>()): Map<string, Json> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => flatten(item, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const key of Object.keys(value)) flatten(value[key], join(prefix, key), out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

/**
 * The paths whose leaf differs, sorted. Redacted secrets compare equal ("[secret]" on both sides):
 * the offline plan cannot see a secret's value change.
 */
export function diffValues(base: Json, head: Json): PathChange[] {
  const a = flatten(base);
  const b = flatten(head);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: PathChange[] = [];
  for (const path of paths) {
    const before = a.get(path);
    const after = b.get(path);
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ path, base: before, head: after });
  }
  return changes;
}

/** Splits "disks[0].fileId" / 'metadata["a.b/c"]' into segments: "disks", "[0]", "fileId", "a.b/c". */
export function segments(path: string): string[] {
  const out: string[] = [];
  const re = /\[("(?:[^"\\]|\\.)*")\]|\[(\*|\d+)\]|\.?([^.[\]]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(JSON.parse(m[1]) as string);
    else if (m[2] !== undefined) out.push(`[${m[2]}]`);
    else out.push(m[3]);
  }
  return out;
}

/**
 * Whether a changed path touches a rule path: one is a prefix of the other, segment by segment.
 * A change below a rule path ("clone.vmId" under "clone") and a change of a whole parent
 * ("disks[0]" replaced by "[unknown]" under "disks[*].fileId") both count.
 */
export function pathMatches(changed: string, rule: string): boolean {
  const c = segments(changed);
  const r = segments(rule);
  const n = Math.min(c.length, r.length);
  for (let i = 0; i < n; i++) {
    if (r[i] === "[*]" && /^\[\d+\]$/.test(c[i])) continue;
    if (r[i] !== c[i]) return false;
  }
  return true;
}

/** A leaf for the report: JSON text, "(absent)" when missing, long text cut with its length. */
export function showValue(value: Leaf, max = 80): string {
  if (value === undefined) return "(absent)";
  const text =
    typeof value === "string" && (value === "[secret]" || value === "[unknown]") ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}… (${text.length} chars)` : text;
}
