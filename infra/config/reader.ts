// A small typed reader over raw YAML/JSON config that collects problems instead of throwing.
// Each problem names the key path, the value and the rule.

export type Check<T> = (value: T) => string | undefined;

export class Reader {
  readonly problems: string[] = [];
  /** Paths already reported as missing or malformed; their children are not reported again. */
  private readonly failed = new Set<string>();

  problem(path: string, value: unknown, rule: string): void {
    if ([...this.failed].some((p) => path.startsWith(`${p}.`) || path.startsWith(`${p}[`))) return;
    this.problems.push(value === undefined ? `${path} ${rule}` : `${path} ${show(value)} ${rule}`);
  }

  /** An object whose keys are among `known`; unknown keys are problems. Missing keys are the fields' to report. */
  object(path: string, value: unknown, known: string[]): Record<string, unknown> | undefined {
    if (value === undefined) return this.missing(path);
    if (!isPlainObject(value)) return this.wrong(path, value, "is not a mapping");
    for (const key of Object.keys(value).sort()) {
      if (!known.includes(key))
        this.problem(`${path}.${key}`, undefined, `is not a known key (known: ${known.join(", ")})`);
    }
    return value;
  }

  /** A mapping of user-chosen names (hostnames, app names) to entries. */
  map(path: string, value: unknown): Record<string, unknown> | undefined {
    if (value === undefined) return this.missing(path);
    if (!isPlainObject(value)) return this.wrong(path, value, "is not a mapping");
    return value;
  }

  string(path: string, value: unknown, check?: Check<string>): string | undefined {
    if (value === undefined) return this.missing(path);
    if (typeof value !== "string") return this.wrong(path, value, "is not a string");
    return this.checked(path, value, check);
  }

  integer(path: string, value: unknown, check?: Check<number>): number | undefined {
    if (value === undefined) return this.missing(path);
    if (typeof value !== "number" || !Number.isInteger(value)) return this.wrong(path, value, "is not an integer");
    return this.checked(path, value, check);
  }

  boolean(path: string, value: unknown): boolean | undefined {
    if (value === undefined) return this.missing(path);
    if (typeof value !== "boolean") return this.wrong(path, value, "is not true or false");
    return value;
  }

  stringList(path: string, value: unknown, check?: Check<string>): string[] {
    if (value === undefined) return this.missing(path) ?? [];
    if (!Array.isArray(value)) return this.wrong(path, value, "is not a list") ?? [];
    return value.flatMap((item, i) => this.string(`${path}[${i}]`, item, check) ?? []);
  }

  private checked<T>(path: string, value: T, check?: Check<T>): T | undefined {
    const rule = check?.(value);
    return rule === undefined ? value : this.wrong(path, value, rule);
  }

  private missing(path: string): undefined {
    this.problem(path, undefined, "is missing (required)");
    this.failed.add(path);
    return undefined;
  }

  private wrong(path: string, value: unknown, rule: string): undefined {
    this.problem(path, value, rule);
    this.failed.add(path);
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}
