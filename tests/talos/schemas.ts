// Checkers for the two upstream contracts of the Talos layer: the provider's Pulumi schema (what
// the bindings send) and the Talos v1.12 machine-config JSON schema (what the patches say).
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { BindingSpec } from "../../infra/providers/talos/spec";
import { readFixtureJson } from "../fixtures";

interface PropSpec {
  type?: string;
  items?: PropSpec;
  $ref?: string;
  secret?: boolean;
}
interface ObjectSpec {
  properties?: Record<string, PropSpec>;
  required?: string[];
}
interface ProviderSchema {
  types: Record<string, ObjectSpec>;
  resources: Record<string, ObjectSpec & { inputProperties: Record<string, PropSpec>; requiredInputs?: string[] }>;
  functions: Record<string, { inputs: ObjectSpec; outputs: ObjectSpec }>;
}

export const providerSchema = () => readFixtureJson<ProviderSchema>("talos/provider-schema.json");

/** "#/types/x" and the 9 malformed "#types/x" both name type x. */
export const refName = (ref: string) => ref.replace(/^#\/?types\//, "");

/** The input properties and required inputs of a resource or function token. */
export function inputsOf(
  schema: ProviderSchema,
  token: string,
): { props: Record<string, PropSpec>; required: string[] } | undefined {
  const res = schema.resources[token];
  if (res) return { props: res.inputProperties, required: res.requiredInputs ?? [] };
  const fn = schema.functions[token];
  return fn && { props: fn.inputs.properties ?? {}, required: fn.inputs.required ?? [] };
}

/** Problems of a value sent for a property; "[secret]"/"[unknown]" stand for any value. */
export function checkValue(schema: ProviderSchema, spec: PropSpec, value: unknown, at: string): string[] {
  if (value === null || value === undefined || value === "[secret]" || value === "[unknown]") return [];
  if (spec.$ref) {
    const type = schema.types[refName(spec.$ref)];
    if (!type) return [`${at}: unknown type ${spec.$ref}`];
    if (typeof value !== "object" || Array.isArray(value)) return [`${at}: expected an object`];
    return checkObject(schema, type.properties ?? {}, type.required ?? [], value as Record<string, unknown>, at);
  }
  if (spec.type === "array") {
    if (!Array.isArray(value)) return [`${at}: expected an array`];
    return value.flatMap((v, i) => checkValue(schema, spec.items ?? {}, v, `${at}[${i}]`));
  }
  const actual = Number.isInteger(value) && spec.type === "integer" ? "integer" : typeof value;
  return actual === spec.type ? [] : [`${at}: expected ${spec.type}, got ${actual}`];
}

export function checkObject(
  schema: ProviderSchema,
  props: Record<string, PropSpec>,
  required: string[],
  value: Record<string, unknown>,
  at: string,
): string[] {
  const problems = required
    .filter((k) => value[k] === undefined || value[k] === null)
    .map((k) => `${at}.${k}: required`);
  for (const [k, v] of Object.entries(value)) {
    if (!props[k]) problems.push(`${at}.${k}: not in the schema`);
    else problems.push(...checkValue(schema, props[k], v, `${at}.${k}`));
  }
  return problems;
}

/** Problems of a binding's own table against the schema. */
export function checkSpec(schema: ProviderSchema, spec: BindingSpec): string[] {
  const inputs = inputsOf(schema, spec.token);
  if (!inputs) return [`${spec.token}: no such ${spec.kind}`];
  if ((spec.kind === "resource") !== spec.token in schema.resources) return [`${spec.token}: not a ${spec.kind}`];
  const problems: string[] = [];
  for (const [name, wire] of Object.entries(spec.inputs)) {
    const p = inputs.props[name];
    if (!p) {
      problems.push(`${spec.token}.${name}: not an input`);
      continue;
    }
    const schemaWire = p.$ref ? refName(p.$ref) : p.type === "array" ? `${p.items?.type}[]` : p.type;
    if (schemaWire !== wire) problems.push(`${spec.token}.${name}: ${wire} but the schema says ${schemaWire}`);
  }
  const missing = inputs.required.filter((r) => !spec.required.includes(r));
  const extra = spec.required.filter((r) => !inputs.required.includes(r));
  if (missing.length || extra.length)
    problems.push(`${spec.token}: required ${spec.required} but the schema says ${inputs.required}`);
  const secretIn = Object.keys(spec.inputs)
    .filter((k) => inputs.props[k]?.secret)
    .sort();
  if (JSON.stringify(secretIn) !== JSON.stringify([...spec.secretInputs].sort()))
    problems.push(`${spec.token}: secret inputs ${spec.secretInputs} but the schema says ${secretIn}`);
  const outProps =
    spec.kind === "resource"
      ? (schema.resources[spec.token].properties ?? {})
      : (schema.functions[spec.token].outputs.properties ?? {});
  const secretOut = Object.keys(outProps)
    .filter((k) => outProps[k].secret)
    .sort();
  if (JSON.stringify(secretOut) !== JSON.stringify([...spec.secretOutputs].sort()))
    problems.push(`${spec.token}: secret outputs ${spec.secretOutputs} but the schema says ${secretOut}`);
  for (const o of spec.outputsOnly) if (!outProps[o]) problems.push(`${spec.token}.${o}: not an output`);
  return problems;
}

/** Validates one machine-config document against the definition its `kind` selects. */
export function machineConfigValidator(): (doc: Record<string, unknown>) => string[] {
  const schema = readFixtureJson<{
    $id: string;
    $defs: Record<string, { properties?: { kind?: { enum?: string[] } } }>;
    oneOf: { $ref: string }[];
  }>("talos/config.schema.json");
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(schema);
  const byKind = new Map<string, string>();
  for (const { $ref } of schema.oneOf) {
    const def = $ref.replace("#/$defs/", "");
    for (const kind of schema.$defs[def]?.properties?.kind?.enum ?? []) byKind.set(kind, def);
  }
  return (doc) => {
    const def = typeof doc.kind === "string" ? byKind.get(doc.kind) : "v1alpha1.Config";
    if (!def) return [`unknown kind ${String(doc.kind)}`];
    const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`)!;
    return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${def}${e.instancePath} ${e.message}`);
  };
}
