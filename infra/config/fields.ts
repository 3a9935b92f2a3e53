// The schema layer: each config key is declared once, as a Field, and both its reading (over the
// problem-collecting Reader, so every message keeps its key path, value and rule) and its
// TypeScript type (Infer) come from that one declaration.
import { Check, Reader } from "./reader";

/** What a default may depend on besides constants. */
export interface Context {
  /** The key of the nearest enclosing map entry: a node's hostname, an app's name. */
  readonly name: string;
  /** What the object holding that map has read so far: the keys declared before the map. */
  readonly parent: Readonly<Record<string, unknown>>;
}

interface Scope extends Context {
  /** What the object being read has read so far; a map hands it to its entries as `parent`. */
  readonly here: Record<string, unknown>;
}

type Take<T> = (r: Reader, path: string, value: unknown, at: Scope) => T | undefined;

type Absence<T> =
  | { kind: "required" }
  | { kind: "optional" }
  | { kind: "default"; value: T | ((at: Context) => T) }
  | { kind: "readAs"; raw: unknown };

export class Field<T, Optional extends boolean = false> {
  constructor(
    private readonly take: Take<T>,
    /**
     * What a wrong value leaves for the cross-field rules ("", 0, false, []), which skip it; only
     * a config with problems holds one, and parseConfig never returns that.
     */
    private readonly placeholder?: T,
    /** The keys inside: an object's, a map entry's, or those of every branch. */
    readonly shape?: Shape,
    private readonly absence: Absence<T> = { kind: "required" },
    /** Whether an absent key is left out of the typed config (a type-level fact as well). */
    readonly isOptional = false as Optional,
  ) {}

  /** The key may be absent, and then is absent from the typed config too. */
  optional(): Field<T, true> {
    return new Field(this.take, this.placeholder, this.shape, { kind: "optional" }, true);
  }

  /** Absent (or wrong) means `value`, which may depend on where the key is (see Context). */
  default(value: T | ((at: Context) => T)): Field<T> {
    return new Field(this.take, this.placeholder, this.shape, { kind: "default", value });
  }

  /** Absent means as if `raw` were written: a section or map whose absence means empty. */
  absentAs(raw: unknown): Field<T> {
    return new Field(this.take, this.placeholder, this.shape, { kind: "readAs", raw });
  }

  /** Reads `value` at `path`; undefined only for an optional key that is absent or wrong. */
  read(r: Reader, path: string, value: unknown, at: Scope): T | undefined {
    const a = this.absence;
    if (value === undefined && a.kind === "optional") return undefined;
    if (value === undefined && a.kind === "default") return resolve(a.value, at);
    const taken = this.take(r, path, value === undefined && a.kind === "readAs" ? a.raw : value, at);
    if (taken !== undefined || a.kind === "optional") return taken;
    return a.kind === "default" ? resolve(a.value, at) : this.placeholder;
  }
}

export type Shape = Record<string, Field<unknown, boolean>>;
export type Infer<F> = F extends Field<infer T, boolean> ? T : never;
type Flat<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Flat<
  { [K in keyof S as S[K] extends Field<unknown, true> ? never : K]: Infer<S[K]> } & {
    [K in keyof S as S[K] extends Field<unknown, true> ? K : never]?: Infer<S[K]>;
  }
>;

/** The root's path: its unknown keys read "portkey.x", its own keys plain "x". */
const root = "portkey";
const join = (path: string, key: string) => (path === root ? key : `${path}.${key}`);
const resolve = <T>(value: T | ((at: Context) => T), at: Context): T =>
  typeof value === "function" ? (value as (at: Context) => T)(at) : value;

/** Reads the whole inventory; every problem lands in `r`. */
export function readRoot<T>(r: Reader, schema: Field<T>, raw: Record<string, unknown>): T {
  return schema.read(r, root, raw, { name: "", parent: {}, here: {} }) as T;
}

/** A value read by hand, for a rule that needs more than a Check (e.g. how a bad value is shown). */
export const custom = <T>(take: (r: Reader, path: string, value: unknown) => T | undefined, placeholder: T) =>
  new Field<T>(take, placeholder);

export const string = (check?: Check<string>) => custom((r, path, v) => r.string(path, v, check), "");
export const integer = (check?: Check<number>) => custom((r, path, v) => r.integer(path, v, check), 0);
export const boolean = () => custom((r, path, v) => r.boolean(path, v), false);
export const stringList = (check?: Check<string>) => custom<string[]>((r, path, v) => r.stringList(path, v, check), []);

/** A key the config no longer reads: absent is fine; set, it is refused with `rule` (what to do instead). */
export const retired = (rule: string) =>
  custom<undefined>((r, path, v) => {
    r.problem(path, v, rule);
    return undefined;
  }, undefined).optional();

/** One of a few strings: 'is not "a", "b" or "c"'. The placeholder "" matches none of them. */
export function oneOf<const V extends readonly string[]>(values: V): Field<V[number]> {
  const quoted = values.map((v) => JSON.stringify(v));
  const rule = `is not ${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  const check = (v: string) => (values.includes(v) ? undefined : rule);
  return custom((r, path, v) => r.string(path, v, check) as V[number] | undefined, "" as V[number]);
}

/** A mapping with these keys, read in declaration order; any other key is a problem. */
export function object<S extends Shape>(shape: S): Field<ObjectOf<S>> {
  const known = Object.keys(shape);
  // A missing or malformed object still reads its keys, from {}: the Reader stays silent about
  // them (their parent was reported) and the rules get placeholders.
  const take: Take<ObjectOf<S>> = (r, path, v, at) =>
    readKeys(r, path, r.object(path, v, known) ?? {}, shape, at) as ObjectOf<S>;
  return new Field(take, undefined, shape);
}

/** Entries under names the operator chooses, each name passing `name`; read in sorted order. */
export function map<T>(name: Check<string>, entry: Field<T>): Field<Record<string, T>> {
  const take: Take<Record<string, T>> = (r, path, v, at) => {
    const raw = r.map(path, v) ?? {};
    // Sorted, so everything built from the config is deterministic.
    return Object.fromEntries(
      Object.keys(raw)
        .sort()
        .map((key) => {
          r.string(join(path, key), key, name);
          return [key, entry.read(r, join(path, key), raw[key], { name: key, parent: at.here, here: {} }) as T];
        }),
    );
  };
  return new Field(take, undefined, entry.shape);
}

/** The value of a byFlag branch's flag; byFlag reads the flag itself. */
export const flag = <V extends boolean>(value: V) => new Field<V>(() => value);

/**
 * An object whose keys depend on a boolean among them: the `true` or the `false` branch. A missing
 * or wrong flag reads as false, so its one problem is the only one reported for it.
 */
export function byFlag<
  K extends string,
  F extends Shape & Record<K, Field<false>>,
  T extends Shape & Record<K, Field<true>>,
>(key: K, branches: { false: F; true: T }): Field<ObjectOf<F> | ObjectOf<T>> {
  const shape: Shape = { ...branches.false, ...branches.true };
  const known = Object.keys(shape);
  const take: Take<ObjectOf<F> | ObjectOf<T>> = (r, path, v, at) => {
    const raw = r.object(path, v, known) ?? {};
    const on = r.boolean(join(path, key), raw[key]) ?? false;
    return readKeys(r, path, raw, on ? branches.true : branches.false, at, { [key]: on }) as ObjectOf<F> | ObjectOf<T>;
  };
  return new Field(take, undefined, shape);
}

function readKeys(
  r: Reader,
  path: string,
  raw: Record<string, unknown>,
  shape: Shape,
  at: Scope,
  given: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const scope: Scope = { ...at, here: out };
  for (const [key, field] of Object.entries(shape)) {
    const value = key in given ? given[key] : field.read(r, join(path, key), raw[key], scope);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
