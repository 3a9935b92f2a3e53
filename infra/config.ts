// All stack config is read here, once: loadConfig reads pulumi.Config, parseConfig (pure, in
// config/parse.ts) validates it.
import * as pulumi from "@pulumi/pulumi";
import { parseConfig } from "./config/parse";
import { secretKeys, SiteConfig, SiteSecrets } from "./config/types";
import { ageIdentityProblem } from "./backups/age";

export * from "./config/types";
export { parseConfig } from "./config/parse";
export type { ParseResult } from "./config/parse";

/** Like parseConfig, but throws every problem as one RunError (printed without a stack trace). */
export function requireValidConfig(raw: Record<string, unknown>): SiteConfig {
  const result = parseConfig(raw);
  if (!result.ok) {
    const lines = result.problems.map((p) => `  - ${p}`).join("\n");
    throw new pulumi.RunError(`the stack configuration has ${result.problems.length} problem(s):\n${lines}`);
  }
  return result.config;
}

export interface LoadedConfig extends SiteConfig {
  secrets: SiteSecrets;
}

/** Reads every `portkey:` key of the stack, validates it, and reads the secrets. */
export function loadConfig(): LoadedConfig {
  const namespace = `${pulumi.getProject()}:`;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(namespace)) continue;
    const name = key.slice(namespace.length);
    if ((secretKeys as readonly string[]).includes(name)) continue;
    raw[name] = parseValue(value);
  }
  const config = requireValidConfig(raw);
  // The one secret with a format to check before anything registers; its value is never shown.
  const identity = pulumi.runtime.allConfig()[`${namespace}etcdBackupAgeIdentity`];
  const problem = config.backups.etcd && identity !== undefined ? ageIdentityProblem(identity) : undefined;
  if (problem)
    throw new pulumi.RunError(
      `the stack configuration has 1 problem(s):\n  - etcdBackupAgeIdentity (secret) ${problem}`,
    );
  const cfg = new pulumi.Config();
  const secrets = Object.fromEntries(secretKeys.map((k) => [k, cfg.requireSecret(k)])) as SiteSecrets;
  return { ...config, secrets };
}

/** The CLI hands structured values over as JSON text and scalars as plain text. */
function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
