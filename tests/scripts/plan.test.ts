// npm run plan, called in-process: it writes plan.json in the documented format, and a bad
// inventory is one line per problem on stderr, no stack trace, and no plan.json.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { prodStackFile } from "../../planner/stackFile";
import { plan } from "../../scripts/plan";

function run(args: string[]) {
  const io = { out: "", err: "" };
  return plan(args, { out: (t) => (io.out += t), err: (t) => (io.err += t) }).then((code) => ({ code, ...io }));
}

test("writes plan.json in the documented format, with a preview-like summary", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-plan-"));
  const result = await run(["--out", dir]);
  expect(result.code).toBe(0);
  const written = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
  expect(Object.keys(written)).toEqual(["invokes", "outputs", "project", "resources", "stack"]);
  expect(Object.keys(written.resources[0]).sort()).toEqual([
    "custom",
    "dependencies",
    "inputs",
    "name",
    "options",
    "package",
    "parent",
    "provider",
    "type",
    "urn",
  ]);
  expect(Object.keys(written.resources[0].options).sort()).toEqual([
    "additionalSecretOutputs",
    "customTimeouts",
    "deleteBeforeReplace",
    "ignoreChanges",
    "protect",
    "replaceOnChanges",
    "replaceWith",
    "retainOnDelete",
  ]);
  expect(result.out).toContain("Previewing portkey/prod (offline)");
});

test("when metal1 takes metal0's IP: exit 1, one line naming both nodes, no stack trace, no plan.json", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-plan-"));
  const copy = path.join(dir, "copy.yaml");
  fs.writeFileSync(copy, fs.readFileSync(prodStackFile, "utf8").replace("ip: 192.168.0.12", "ip: 192.168.0.11"));
  const result = await run(["--stack-file", copy, "--out", dir]);
  expect(result.code).toBe(1);
  expect(result.err.split("\n").filter((l) => l.includes("nodes.metal"))).toEqual([
    '  - nodes.metal1.ip "192.168.0.11" is also the IP of nodes.metal0 (IPs must be unique)',
  ]);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
});
