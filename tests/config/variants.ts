// Builds invalid inventories from the one valid fixture (Pulumi.prod.yaml) by changing one path.
import { readInventory } from "../../planner/stackFile";

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

/** The prod inventory with a fourth host, rivendell, and a worker metal3 on it. */
export function fourNodeInventory(): Inventory {
  const inventory: Inventory = readInventory();
  inventory.proxmox.hosts.rivendell = { vmDatastore: "local-lvm", imageDatastore: "local", bridge: "vmbr0" };
  inventory.nodes.metal3 = {
    host: "rivendell",
    vmId: 108,
    role: "worker",
    cores: 4,
    memoryGiB: 16,
    diskGiB: 128,
    ip: "192.168.0.14",
    mac: "BC:24:11:00:00:14",
  };
  return inventory;
}
