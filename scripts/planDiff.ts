// npm run plan:diff -- BASE.json HEAD.json [--allow-replace]: the change between two offline plans
// (npm run plan) as markdown on stdout; exit code 1 when a protected or data-bearing resource
// would be replaced or deleted, unless --allow-replace (the PR's `allow-replace` label) is given;
// 2 for a usage error.
import * as fs from "fs";
import { safetyModel } from "../infra/safety";
import { diffPlans, gateExitCode } from "../planner/diff/diffPlans";
import { formatReport } from "../planner/diff/format";
import type { Plan } from "../planner/plan";

const usage = "usage: npm run plan:diff -- BASE.json HEAD.json [--allow-replace]";

function readPlan(file: string): Plan {
  const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
  if (!Array.isArray(plan.resources)) throw new Error(`${file} is not an offline plan (no resources list)`);
  return plan;
}

/** The report on `out`, a usage error on `err`; returns the exit code. */
export function planDiff(
  args: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): number {
  try {
    const allowReplace = args.includes("--allow-replace");
    const flags = args.filter((a) => a.startsWith("--") && a !== "--allow-replace");
    const files = args.filter((a) => !a.startsWith("--"));
    if (flags.length > 0 || files.length !== 2)
      throw new Error(`${flags.length ? `unknown option ${flags[0]}; ` : ""}${usage}`);
    const report = diffPlans(readPlan(files[0]), readPlan(files[1]), safetyModel);
    out(formatReport(report, allowReplace));
    return gateExitCode(report, allowReplace);
  } catch (e) {
    err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = planDiff(process.argv.slice(2));
