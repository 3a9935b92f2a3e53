// Builds invalid inventories from the one valid fixture (Pulumi.prod.yaml) by changing one path.
import * as path from "path";
import { readInventory, repoRoot } from "../../planner/stackFile";

export type Inventory = Record<string, any>;

/** A copy of the prod inventory with `path` ("nodes.metal1.ip") set to `value` (undefined deletes). */
export function variant(path: string, value: unknown, base: Inventory = readInventory()): Inventory {
  const keys = path.split(".");
  let target: any = base;
  for (const key of keys.slice(0, -1)) target = target[key];
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return base;
}

/** Applies several single-path changes in order. */
export function variants(changes: Array<[string, unknown]>): Inventory {
  return changes.reduce((inv, [path, value]) => variant(path, value, inv), readInventory());
}

/** The four-node site (tests/inventories/): prod with a fourth host, rivendell, and a worker metal3 on it. */
export function fourNodeInventory(): Inventory {
  return readInventory(path.join(repoRoot, "tests", "inventories", "Pulumi.four-node.yaml"));
}
