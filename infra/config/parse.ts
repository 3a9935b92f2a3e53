// The inventory read and validated: pure, so tests and tools use it without the Pulumi SDK.
import { readRoot } from "./fields";
import { Reader } from "./reader";
import { checkSite } from "./rules/site";
import { site } from "./schema/site";
import type { SiteConfig } from "./types";

export type ParseResult = { ok: true; config: SiteConfig } | { ok: false; problems: string[] };

/** Reads and validates the raw inventory (the `portkey:` keys, secrets excluded). */
export function parseConfig(raw: Record<string, unknown>): ParseResult {
  const r = new Reader();
  const config = readRoot(r, site, raw);
  checkSite(r, config);
  return r.problems.length === 0 ? { ok: true, config } : { ok: false, problems: r.problems };
}
