// Shared helpers of the proxmox layer tests: read input paths of the plan's resources.
import type { Json } from "../../planner/wire";
export { byName, ofType } from "../plans";
export { fourNodeInventory } from "../config/variants";

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
