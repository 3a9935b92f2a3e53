// Pulumi.yaml describes every config key and no other: the schema's top-level keys and the
// secrets; and each section's prose names each key inside it and no key it does not have.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseConfig } from "../../infra/config/parse";
import { secretKeys } from "../../infra/config/types";
import type { Field } from "../../infra/config/fields";
import { site } from "../../infra/config/schema/site";
import { variant } from "./variants";

interface Declaration {
  description?: string;
  secret?: boolean;
  default?: unknown;
}
const projectFile = path.resolve(__dirname, "..", "..", "Pulumi.yaml");
const declared = (parse(fs.readFileSync(projectFile, "utf8")) as { config: Record<string, Declaration> }).config;
/** Pulumi's own settings (pulumi:disable-default-providers) are not keys of ours. */
const ours = Object.keys(declared).filter((key) => !key.startsWith("pulumi:"));
const sections = Object.keys(site.shape ?? {});

/** Every key below a section: an object's, a map entry's, both GPU branches'; recursively. */
function keysInside(field: Field<unknown, boolean>): string[] {
  const inside = Object.entries(field.shape ?? {}).flatMap(([key, child]) => [key, ...keysInside(child)]);
  return [...new Set(inside)].sort();
}

/** Keys the prose names: `key`, or `key.<name>` for a map; commands and paths in backticks are not keys. */
function keysNamed(description: string): string[] {
  const named = [...description.matchAll(/`([a-z][A-Za-z]*)(\.<[a-z]+>)?`/g)].map((m) => m[1]);
  return [...new Set(named)].sort();
}

describe("Pulumi.yaml", () => {
  it("declares exactly the schema's top-level keys and the secret keys", () => {
    expect([...ours].sort()).toEqual([...sections, ...secretKeys].sort());
  });

  it("marks exactly the secret keys secret", () => {
    expect(ours.filter((key) => declared[key].secret === true).sort()).toEqual([...secretKeys].sort());
  });

  it("describes every key it declares", () => {
    expect(ours.filter((key) => !declared[key].description?.trim())).toEqual([]);
  });

  it.each(sections)("names each key inside %s in its description, and no other", (section) => {
    const inside = keysInside(site.shape![section]);
    const named = keysNamed(declared[section].description ?? "");
    expect({
      unnamed: inside.filter((key) => !named.includes(key)),
      unknown: named.filter((key) => !inside.includes(key)),
    }).toEqual({ unnamed: [], unknown: [] });
  });

  it("declares protect's default as the one parseConfig applies when the stack leaves it out", () => {
    const result = parseConfig(variant("protect", undefined));
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect([declared.protect.default, result.config.protect]).toEqual([true, true]);
  });
});
