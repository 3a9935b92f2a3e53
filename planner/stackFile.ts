// Reads a stack file (and the project-level `value`s of Pulumi.yaml) into the flat
// "namespace:key" → text map the Pulumi CLI hands the program.
import * as fs from "fs";
import * as path from "path";
import { parse, parseDocument } from "yaml";
import { secretKeys } from "../infra/config/types";
import { ageIdentity } from "../infra/backups/age";

export const repoRoot = path.resolve(__dirname, "..");
export const prodStackFile = path.join(repoRoot, "Pulumi.prod.yaml");

/** The inventory of a stack file: the `portkey:` keys without their namespace. */
export function readInventory(stackFile = prodStackFile): Record<string, unknown> {
  // Duplicate keys (two nodes with one hostname) are refused here, as the Pulumi CLI refuses them.
  const parsed = parseDocument(fs.readFileSync(stackFile, "utf8"), { uniqueKeys: true });
  if (parsed.errors.length > 0) {
    throw new Error(parsed.errors.map((e) => `${path.basename(stackFile)}: ${e.message.split("\n")[0]}`).join("\n"));
  }
  const doc = parsed.toJS() as { config?: Record<string, unknown> } | null;
  const inventory: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    if (key.startsWith("portkey:")) inventory[key.slice("portkey:".length)] = value;
    else throw new Error(`${stackFile}: ${key} is outside the portkey namespace; provider settings belong in code`);
  }
  return inventory;
}

/** Placeholder text for each secret, so the offline plan needs no credentials. */
export function placeholderSecrets(): Record<string, string> {
  return Object.fromEntries(
    secretKeys.map((k) => [`portkey:${k}`, k in formatted ? formatted[k] : `offline-placeholder-${k}`]),
  );
}

/** Placeholders for the secrets the program reads the format of: a fixed age identity. */
const formatted: Record<string, string> = { etcdBackupAgeIdentity: ageIdentity(Buffer.alloc(32, 1)) };

export function projectValues(): Record<string, string> {
  const project = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as {
    config?: Record<string, { value?: unknown }>;
  };
  const values: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl.value !== undefined) values[key] = toText(decl.value);
  }
  return values;
}

/** The flat config map for an inventory: structured values as JSON text, like the CLI does. */
export function flatConfig(inventory: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = { ...projectValues(), ...placeholderSecrets() };
  for (const [key, value] of Object.entries(inventory)) {
    if (value && typeof value === "object" && "secure" in value) continue; // ciphertext: placeholder stands in
    flat[`portkey:${key}`] = toText(value);
  }
  return flat;
}

function toText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
