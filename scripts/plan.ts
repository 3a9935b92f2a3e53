// npm run plan [-- --stack-file F] [-- --out DIR]: the offline plan of a stack, without credentials,
// network or the Pulumi CLI. Writes DIR/plan.json and prints a preview-like summary.
import * as fs from "fs";
import * as path from "path";
import { renderProgram } from "../planner/program";
import { prodStackFile, readInventory } from "../planner/stackFile";
import { summarize } from "../planner/summary";
import { Json, stableStringify } from "../planner/wire";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
const stdio: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  return value;
}

/** Writes DIR/plan.json and the summary; returns the exit code. A problem is one line on `err`. */
export async function plan(args: string[], io: Io = stdio): Promise<number> {
  try {
    const known = ["--stack-file", "--out"];
    const unknownFlag = args.find((a, i) => a.startsWith("--") && !known.includes(a) && !known.includes(args[i - 1]));
    if (unknownFlag) throw new Error(`unknown option ${unknownFlag} (known: ${known.join(", ")})`);
    const stackFile = path.resolve(argValue(args, "--stack-file") ?? prodStackFile);
    const outDir = path.resolve(argValue(args, "--out") ?? "plan");
    const rendered = await renderProgram({ inventory: readInventory(stackFile) });
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, "plan.json");
    fs.writeFileSync(file, stableStringify(rendered as unknown as Json));
    io.out(summarize(rendered, path.relative(process.cwd(), file) || file));
    return 0;
  } catch (err) {
    // Config problems are RunErrors: print the message, never a stack trace.
    io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) void plan(process.argv.slice(2)).then((code) => process.exit(code));
