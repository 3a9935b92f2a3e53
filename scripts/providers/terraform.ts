// What the Pulumi bridge hands the Terraform provider for one resource: the Terraform type of a
// pulumi-proxmoxve token, and the resource's Pulumi inputs rewritten by the bridge's naming rules
// into Terraform JSON, checked against the provider's own schema (`tofu providers schema -json`).
// Every input must map to exactly one attribute or block the configuration may set; anything
// else is a problem naming the input's path. See docs/providers.md, "The Proxmox provider".

/** A Terraform type as the schema writes it: "string", ["list", T], ["object", {…}], … */
export type TfType = string | [string, TfType] | ["object", Record<string, TfType>];

export interface TfAttribute {
  type?: TfType;
  nested_type?: { attributes: Record<string, TfAttribute>; nesting_mode: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

export interface TfBlock {
  attributes?: Record<string, TfAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: TfBlock; max_items?: number }>;
}

/** The part of `tofu providers schema -json` this file reads. */
export interface TfProviderSchema {
  provider: { block: TfBlock };
  resource_schemas: Record<string, { block: TfBlock; version?: number }>;
}

/**
 * The Terraform type behind a pulumi-proxmoxve token: the inverse of the SDK's convertName
 * (muhlba91/pulumi-proxmoxve provider/resources.go): `proxmox_virtual_environment_<rest>` becomes a
 * `…Legacy` class and `proxmox_<rest>` a plain one, the last segment of <rest> the class and the
 * others its module ("index" when there are none).
 */
export function terraformType(token: string): string {
  const m = /^proxmoxve:([\w/]+)\/\w+:(\w+)$/.exec(token);
  if (!m) throw new Error(`${token} is not a pulumi-proxmoxve resource token`);
  const [, module, name] = m;
  const legacy = name.endsWith("Legacy");
  const segments = module === "index" ? [] : module.split("/");
  const last = (legacy ? name.slice(0, -"Legacy".length) : name).toLowerCase();
  return ["proxmox", ...(legacy ? ["virtual_environment"] : []), ...segments, last].join("_");
}

const camel = (snakeName: string) => snakeName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The bridge's plural of a list name (tfbridge PluralizeName; names that end in "s" stay). */
function plural(name: string): string {
  if (name.endsWith("s")) return name;
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  return /(x|ch|sh)$/.test(name) ? `${name}es` : `${name}s`;
}

interface Child {
  tf: string;
  kind: "attribute" | "block";
  attribute?: TfAttribute;
  block?: { nesting_mode: string; block: TfBlock; max_items?: number };
}

/** A list or set that may hold more than one item: the bridge names it in the plural. */
function isMany(c: Child): boolean {
  if (c.kind === "block") return c.block!.nesting_mode !== "single" && c.block!.max_items !== 1;
  const t = c.attribute!.type;
  if (Array.isArray(t)) return t[0] === "list" || t[0] === "set";
  const n = c.attribute!.nested_type?.nesting_mode;
  return n === "list" || n === "set";
}

/** The Pulumi names of a block's children: camelCase, plural for lists of many. */
function children(block: TfBlock, top: boolean): Map<string, Child[]> {
  const byName = new Map<string, Child[]>();
  const taken = new Set([...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {})].map(camel));
  const add = (c: Child) => {
    // A plural that another field already has keeps the singular (hosts' `entry` beside `entries`).
    const many = isMany(c) && !taken.has(plural(camel(c.tf)));
    const name = many ? plural(camel(c.tf)) : camel(c.tf);
    byName.set(name, [...(byName.get(name) ?? []), c]);
  };
  for (const [tf, attribute] of Object.entries(block.attributes ?? {})) {
    // Pulumi keeps `id` for itself (tfbridge): a resource's own id attribute is named by the SDK
    // (idInput in sdkInputs.ts), and the id SDKv2 adds to every resource is not an input.
    if (tf === "id" && top) continue;
    add({ tf, kind: "attribute", attribute });
  }
  for (const [tf, b] of Object.entries(block.block_types ?? {})) add({ tf, kind: "block", block: b });
  return byName;
}

/** The names the SDK gives the inputs of `block`: its attributes and blocks a configuration may set. */
export function pulumiNames(block: TfBlock): string[] {
  const settable = (c: Child) => c.kind === "block" || c.attribute!.optional === true || c.attribute!.required === true;
  return [...children(block, true)]
    .filter(([, cs]) => cs.some(settable))
    .map(([name]) => name)
    .sort();
}

export interface Converted {
  body: Record<string, unknown>;
  /** "<path>: <problem>", one per input that does not map. */
  problems: string[];
}

/** A resource's (or the provider's) Pulumi inputs as the Terraform JSON body of `block`. */
export function toTerraform(inputs: Record<string, unknown>, block: TfBlock, at = ""): Converted {
  const problems: string[] = [];
  const body = convertBlock(inputs, block, at, problems, true);
  return { body, problems };
}

function convertBlock(inputs: Record<string, unknown>, block: TfBlock, at: string, problems: string[], top = false) {
  const byName = children(block, top);
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(inputs).sort()) {
    const value = inputs[key];
    const path = at ? `${at}.${key}` : key;
    const matches = byName.get(key) ?? [];
    if (matches.length !== 1) {
      problems.push(
        matches.length === 0
          ? `${path}: no attribute or block of the provider's schema is named so by the bridge`
          : `${path}: names ${matches.map((m) => m.tf).join(" and ")}`,
      );
      continue;
    }
    const [c] = matches;
    if (c.kind === "attribute" && c.attribute!.computed && !c.attribute!.optional && !c.attribute!.required) {
      problems.push(`${path}: ${c.tf} is computed by the provider and cannot be set`);
      continue;
    }
    if (value === undefined || value === null) continue;
    body[c.tf] =
      c.kind === "block"
        ? convertNested(value, c.block!, path, problems)
        : convertAttribute(value, c.attribute!, path, problems);
  }
  return body;
}

function convertNested(
  value: unknown,
  b: { nesting_mode: string; block: TfBlock; max_items?: number },
  path: string,
  problems: string[],
): unknown {
  const one = (v: unknown, p: string) => {
    if (!isObject(v)) {
      problems.push(`${p}: an object was expected, not ${JSON.stringify(v)}`);
      return {};
    }
    return convertBlock(v, b.block, p, problems);
  };
  if (b.nesting_mode === "single") return one(value, path);
  // A list of at most one is an object in the SDK; Terraform JSON takes a block list either way.
  if (b.max_items === 1) return [one(value, path)];
  if (!Array.isArray(value)) {
    problems.push(`${path}: a list was expected, not ${JSON.stringify(value)}`);
    return [];
  }
  return value.map((v, i) => one(v, `${path}[${i}]`));
}

function convertAttribute(value: unknown, a: TfAttribute, path: string, problems: string[]): unknown {
  if (a.nested_type) {
    const nested = { attributes: a.nested_type.attributes };
    const one = (v: unknown, p: string) => (isObject(v) ? convertBlock(v, nested, p, problems) : v);
    const mode = a.nested_type.nesting_mode;
    if (mode === "single") return one(value, path);
    if (mode === "map" && isObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, one(v, `${path}.${k}`)]));
    return Array.isArray(value) ? value.map((v, i) => one(v, `${path}[${i}]`)) : value;
  }
  return convertValue(value, a.type!, path, problems);
}

function convertValue(value: unknown, type: TfType, path: string, problems: string[]): unknown {
  if (typeof type === "string") return value;
  const [kind, inner] = type;
  if ((kind === "list" || kind === "set") && Array.isArray(value))
    return value.map((v, i) => convertValue(v, inner as TfType, `${path}[${i}]`, problems));
  if (kind === "map" && isObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, convertValue(v, inner as TfType, `${path}.${k}`, problems)]),
    );
  if (kind === "object" && isObject(value)) {
    // An object type's attributes are all present in Terraform; the SDK leaves unset ones out.
    const attrs = inner as Record<string, TfType>;
    const byName = new Map(Object.keys(attrs).map((tf) => [camel(tf), tf]));
    const out: Record<string, unknown> = Object.fromEntries(Object.keys(attrs).map((tf) => [tf, null]));
    for (const [key, v] of Object.entries(value)) {
      const tf = byName.get(key);
      if (tf === undefined) problems.push(`${path}.${key}: the object type has no attribute named so by the bridge`);
      else out[tf] = convertValue(v, attrs[tf], `${path}.${key}`, problems);
    }
    return out;
  }
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
