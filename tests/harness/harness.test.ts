import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fakeCalls } from "./fakes";
import { renderPlan } from "./plan";
import { prodStackFile, repoRoot } from "./stackConfig";
import { stableStringify, Json } from "./wire";

const graph = path.join(__dirname, "programs", "graph.ts");
const urn = (type: string, name: string) => `urn:pulumi:prod::portkey::test:index:Group$${type}::${name}`;

beforeAll(() => {
  fakeCalls["test:index:lookup"] = (inputs) => ({ answer: `found ${inputs.colour}` });
});

describe("the mock harness", () => {
  it("records implicit (Output input) and explicit (dependsOn) dependencies from the register request", async () => {
    const plan = await renderPlan({ entry: graph });
    const byName = new Map(plan.resources.map((r) => [r.name, r]));
    expect(byName.get("g-second")!.dependencies).toEqual([urn("test:index:Thing", "g-first")]);
    // replaceWith orders the resource after the one it is replaced with, as a dependency.
    expect(byName.get("g-third")!.dependencies).toEqual([
      urn("test:index:Thing", "g-first"),
      urn("test:index:Thing", "g-second"),
    ]);
    expect(byName.get("g-first")!.dependencies).toEqual([]);
    expect(byName.get("g-second")!.parent).toBe("urn:pulumi:prod::portkey::test:index:Group::g");
  });

  it("records options as the engine receives them", async () => {
    const plan = await renderPlan({ entry: graph });
    const options = Object.fromEntries(plan.resources.map((r) => [r.name, r.options]));
    expect(options["g-first"]).toMatchObject({ protect: true, deleteBeforeReplace: false, retainOnDelete: false });
    expect(options["g-second"]).toMatchObject({ protect: false, deleteBeforeReplace: true, ignoreChanges: ["after"] });
    expect(options["g-third"]).toMatchObject({
      retainOnDelete: true,
      replaceWith: [urn("test:index:Thing", "g-first")],
    });
  });

  it("writes secrets as [secret], and fake outputs flow into invokes and stack outputs", async () => {
    const plan = await renderPlan({ entry: graph });
    const first = plan.resources.find((r) => r.name === "g-first")!;
    expect(first.inputs).toEqual({ colour: "red", password: "[secret]" });
    expect(plan.invokes).toEqual([
      { token: "test:index:lookup", args: { colour: "g-third-id" } },
      { token: "test:index:lookup", args: { colour: "green", token: "[secret]" } },
    ]);
    expect(plan.outputs).toMatchObject({ lastId: "g-third-id", lookedUp: "found g-third-id", secretValue: "[secret]" });
  });

  it("leaves requested outputs unknown, as on a first preview", async () => {
    const known = await renderPlan({ entry: graph });
    expect(known.outputs.lastColour).toBe("blue"); // echoed input
    expect(known.outputs.lastSize).toBe("[unknown]"); // an output no fake answers stays unknown in preview
    const plan = await renderPlan({ entry: graph, unknown: { "test:index:Thing": ["colour"] } });
    expect(plan.outputs.lastColour).toBe("[unknown]");
    expect(plan.resources.find((r) => r.name === "g-second")!.inputs).toEqual({ after: "g-first-id" });
  });

  it("renders the same plan twice, byte for byte", async () => {
    const a = stableStringify((await renderPlan()) as unknown as Json);
    const b = stableStringify((await renderPlan()) as unknown as Json);
    expect(a).toBe(b);
  });
});

describe("npm run plan", () => {
  const run = (args: string[]) => {
    try {
      const stdout = execFileSync(
        path.join(repoRoot, "node_modules", ".bin", "ts-node"),
        ["--transpile-only", "scripts/plan.ts", ...args],
        {
          cwd: repoRoot,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      return { code: 0, stdout, stderr: "" };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("exits non-zero with one line naming both nodes, no stack trace, when metal1 takes metal0's IP", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-"));
    const copy = path.join(dir, "copy.yaml");
    fs.writeFileSync(copy, fs.readFileSync(prodStackFile, "utf8").replace("ip: 192.168.0.12", "ip: 192.168.0.11"));
    const result = run(["--stack-file", copy, "--out", dir]);
    expect(result.code).toBe(1);
    const problems = result.stderr.split("\n").filter((l) => l.includes("nodes.metal"));
    expect(problems).toEqual([
      '  - nodes.metal1.ip "192.168.0.11" is also the IP of nodes.metal0 (IPs must be unique)',
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, "plan.json"))).toBe(false);
  });

  it("writes plan.json in the documented format", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-"));
    const result = run(["--out", dir]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
    expect(Object.keys(plan)).toEqual(["invokes", "outputs", "project", "resources", "stack"]);
    expect(Object.keys(plan.resources[0]).sort()).toEqual([
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
    expect(Object.keys(plan.resources[0].options).sort()).toEqual([
      "additionalSecretOutputs",
      "customTimeouts",
      "deleteBeforeReplace",
      "ignoreChanges",
      "protect",
      "replaceOnChanges",
      "replaceWith",
      "retainOnDelete",
    ]);
    expect(result.stdout).toContain("Previewing portkey/prod (offline)");
  });
});
