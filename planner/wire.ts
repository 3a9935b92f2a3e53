// Turns the engine's wire form of property values into plan JSON: secrets become "[secret]",
// values unknown until apply "[unknown]", resource references their URN; keys are sorted.
// The signatures are the SDK's (@pulumi/pulumi runtime/rpc: unknownValue, specialSigKey, …), written
// here so the diff tool reads plans without loading the SDK; tests/planner/render.test.ts holds them equal.

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function fromWire(value: unknown): Json {
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SECRET_SIG) return "[secret]";
    if (obj[SIG] === RESOURCE_SIG) return String(obj.urn);
    if (obj[SIG] === OUTPUT_SIG) return obj.secret ? "[secret]" : "value" in obj ? fromWire(obj.value) : "[unknown]";
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, fromWire(obj[k])]),
    );
  }
  return value as Json;
}

/** Stable JSON text: sorted keys at every level, two-space indent, trailing newline. */
export function stableStringify(value: Json): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/** A secret in the wire form the engine uses: what a fake provider answer marks secret. */
export function secret<T>(value: T): { [SIG]: string; value: T } {
  return { [SIG]: SECRET_SIG, value };
}

function isSecret(value: unknown): value is { value: unknown } {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG] === SECRET_SIG;
}

/** The value with its secret wrappers removed, as a fake computes from its inputs. */
export function plain(value: unknown): any {
  if (isSecret(value)) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Every string held inside a secret wrapper of a wire value. */
export function secretLeaves(value: unknown, inSecret = false): string[] {
  if (typeof value === "string") return inSecret ? [value] : [];
  if (isSecret(value)) return secretLeaves(value.value, true);
  if (value !== null && typeof value === "object")
    return Object.values(value).flatMap((v) => secretLeaves(v, inSecret));
  return [];
}

/** A recorded value with every string the program holds as a secret written "[secret]". */
export function withSecretLeaves(value: Json, secrets: Set<string>): Json {
  if (typeof value === "string") return secrets.has(value) ? "[secret]" : value;
  if (Array.isArray(value)) return value.map((v) => withSecretLeaves(v, secrets));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecretLeaves(v, secrets)]));
  return value;
}
