// `npm run plan:diff` end to end on files, with the real safety data of infra/safety.ts.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { variant } from "../config/variants";
import { renderPlan } from "../harness/plan";
import { stableStringify, Json } from "../harness/wire";

const root = path.join(__dirname, "..", "..");
let dir: string;

function planDiff(...args: string[]) {
  const tsNode = path.join(root, "node_modules", ".bin", "ts-node");
  return spawnSync(tsNode, ["--transpile-only", path.join(root, "scripts", "planDiff.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
  const base = await renderPlan();
  const head = await renderPlan({ inventory: variant("nodes.metal1.vmId", 117) });
  fs.writeFileSync(path.join(dir, "base.json"), stableStringify(base as unknown as Json));
  fs.writeFileSync(path.join(dir, "head.json"), stableStringify(head as unknown as Json));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("plan:diff CLI", () => {
  test("a VM id change of metal1 exits 1 naming metal1, with the real VmLegacy rules", () => {
    const out = planDiff(path.join(dir, "base.json"), path.join(dir, "head.json"));
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(/- \*\*metal1\*\* `proxmoxve:index\/vmLegacy:VmLegacy` would be \*\*replaced\*\*/);
    expect(out.stdout).toContain("`vmId` changes");
  });

  test("--allow-replace lets the same pair through with exit code 0", () => {
    const out = planDiff(path.join(dir, "base.json"), path.join(dir, "head.json"), "--allow-replace");
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("**Gate: passed by override**");
  });

  test("an unknown option is a usage error (exit 2), not a silent pass", () => {
    const out = planDiff(path.join(dir, "base.json"), path.join(dir, "head.json"), "--allow-replaces");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("unknown option --allow-replaces");
  });
});
