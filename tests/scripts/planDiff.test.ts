// npm run plan:diff, called in-process on plan files: the gate's exit codes and the override.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderProgram } from "../../planner/program";
import { stableStringify, Json } from "../../planner/wire";
import { planDiff } from "../../scripts/planDiff";
import { variant } from "../config/variants";
import { prodPlan } from "../plans";

let files: [string, string];
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
  const write = (name: string, plan: unknown) => {
    fs.writeFileSync(path.join(dir, name), stableStringify(plan as Json));
    return path.join(dir, name);
  };
  files = [
    write("base.json", prodPlan()),
    write("head.json", await renderProgram({ inventory: variant("nodes.metal1.vmId", 117) })),
  ];
});

function run(...args: string[]) {
  let out = "";
  let err = "";
  const code = planDiff(
    args,
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
}

test("a VM id change of metal1 exits 1 naming metal1; --allow-replace lets it through with 0", () => {
  const blocked = run(...files);
  expect(blocked.code).toBe(1);
  expect(blocked.out).toMatch(/- \*\*metal1\*\* `proxmoxve:index\/vmLegacy:VmLegacy` would be \*\*replaced\*\*/);
  const allowed = run(...files, "--allow-replace");
  expect([allowed.code, allowed.out.includes("**Gate: passed by override**")]).toEqual([0, true]);
});

test("an unknown option is a usage error (exit 2), not a silent pass", () => {
  const out = run(...files, "--allow-replaces");
  expect(out.code).toBe(2);
  expect(out.err).toContain("unknown option --allow-replaces");
});
