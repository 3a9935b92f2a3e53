// npm run plan [-- --stack-file F] [-- --out DIR]: the offline plan of a stack, without credentials,
// network or the Pulumi CLI. Writes DIR/plan.json and prints a preview-like summary.
import * as fs from "fs";
import * as path from "path";
import { renderPlan } from "../tests/harness/plan";
import { prodStackFile, readInventory } from "../tests/harness/stackConfig";
import { summarize } from "./summary";
import { Json, stableStringify } from "../tests/harness/wire";

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  return value;
}

async function main(args: string[]): Promise<number> {
  const known = ["--stack-file", "--out"];
  const unknownFlag = args.find((a, i) => a.startsWith("--") && !known.includes(a) && !known.includes(args[i - 1]));
  if (unknownFlag) throw new Error(`unknown option ${unknownFlag} (known: ${known.join(", ")})`);
  const stackFile = path.resolve(argValue(args, "--stack-file") ?? prodStackFile);
  const outDir = path.resolve(argValue(args, "--out") ?? "plan");
  const plan = await renderPlan({ inventory: readInventory(stackFile) });
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "plan.json");
  fs.writeFileSync(file, stableStringify(plan as unknown as Json));
  process.stdout.write(summarize(plan, path.relative(process.cwd(), file) || file));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Config problems are RunErrors: print the message, never a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
