// npm run plan:diff -- BASE.json HEAD.json [--allow-replace]: the change between two offline plans
// (npm run plan) as markdown on stdout; exit code 1 when a protected or data-bearing resource
// would be replaced or deleted, unless --allow-replace (the PR's `allow-replace` label) is given.
import * as fs from "fs";
import type { Plan } from "../tests/harness/plan";
import { safetyModel } from "../infra/safety";
import { diffPlans, gateExitCode } from "./diff/diffPlans";
import { formatReport } from "./diff/format";

const usage = "usage: npm run plan:diff -- BASE.json HEAD.json [--allow-replace]";

function readPlan(file: string): Plan {
  const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
  if (!Array.isArray(plan.resources)) throw new Error(`${file} is not an offline plan (no resources list)`);
  return plan;
}

function main(args: string[]): number {
  const allowReplace = args.includes("--allow-replace");
  const flags = args.filter((a) => a.startsWith("--") && a !== "--allow-replace");
  const files = args.filter((a) => !a.startsWith("--"));
  if (flags.length > 0 || files.length !== 2)
    throw new Error(`${flags.length ? `unknown option ${flags[0]}; ` : ""}${usage}`);
  const report = diffPlans(readPlan(files[0]), readPlan(files[1]), safetyModel);
  process.stdout.write(formatReport(report, allowReplace));
  return gateExitCode(report, allowReplace);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
