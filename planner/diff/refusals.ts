// Updates the provider would refuse at apply although each change alone is fine: a grown input
// (a disk) in the same update as a change that waits for a power cycle. The gate warns; it does
// not block, because nothing would be destroyed: the update fails and changes nothing.
import type { GrowRule } from "../../infra/safety/types";
import { PathChange, pathMatches } from "./paths";
import type { PendingPowerCycle, RefusedUpdate } from "./types";

const grown = (c: PathChange) => typeof c.base === "number" && typeof c.head === "number" && c.head > c.base;

export function refusedUpdates(
  changed: Array<{ urn: string; type: string; subject: string; inputs: PathChange[] }>,
  powerCycles: PendingPowerCycle[],
  rules: GrowRule[],
): RefusedUpdate[] {
  return changed.flatMap((c) => {
    const pending = powerCycles.find((p) => p.urn === c.urn)?.changes ?? [];
    if (pending.length === 0) return [];
    return rules
      .filter((r) => r.type === c.type)
      .flatMap((rule) => {
        const grows = c.inputs.filter((i) => grown(i) && rule.inputs.some((path) => pathMatches(i.path, path)));
        return grows.length > 0
          ? [{ urn: c.urn, subject: c.subject, grown: grows, pending, refusal: rule.refusal, source: rule.source }]
          : [];
      });
  });
}
