// An inventory as the program reads it, parsed and validated without the Pulumi SDK: the prod
// inventory (Pulumi.prod.yaml) unless another is given. Throws every problem at once.
import { parseConfig } from "../infra/config/parse";
import type { SiteConfig } from "../infra/config/types";
import { readInventory } from "../planner/stackFile";

export function siteConfig(inventory: Record<string, unknown> = readInventory()): SiteConfig {
  const result = parseConfig(inventory);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}
