// The PR workflow parses and runs what the change-safety process relies on.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  "runs-on": string | string[];
  if?: string;
  environment?: string;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const workflow = parse(
  fs.readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "pr.yml"), "utf8"),
) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const action = (job: Job, name: string) => job.steps.filter((s) => s.uses?.startsWith(`${name}@`));

describe("pr workflow", () => {
  test("runs on pull requests (re-run when labels change) and on pushes to main", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect((workflow.on.pull_request as { types: string[] }).types).toEqual(
      expect.arrayContaining(["labeled", "unlabeled", "synchronize"]),
    );
    expect((workflow.on.push as { branches: string[] }).branches).toEqual(["main"]);
    expect(Object.keys(workflow.jobs).sort()).toEqual(["checks", "preview", "up"]);
  });

  test("checks: full-history checkout, Node 20 with npm cache, then ci, typecheck, lint, test, plans, diff, in order", () => {
    const checks = workflow.jobs.checks;
    expect(checks["runs-on"]).toBe("ubuntu-latest");
    expect(action(checks, "actions/checkout")[0].with).toMatchObject({ "fetch-depth": 0 });
    expect(action(checks, "actions/setup-node")[0].with).toMatchObject({ "node-version": 20, cache: "npm" });
    const script = runs(checks);
    const order = [
      "npm ci",
      "npm run typecheck",
      "npm run lint",
      "npm test",
      "npm run plan -- --out ../plan-head",
      "git worktree add ../base",
      "npm run plan -- --out ../plan-base",
      "plan:diff -- ../plan-base/plan.json ../plan-head/plan.json",
    ];
    const at = order.map((cmd) => script.indexOf(cmd));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  test("the allow-replace label, and only it, maps to --allow-replace", () => {
    const gate = workflow.jobs.checks.steps.find((s) => s.run?.includes("plan:diff"))!;
    expect(gate.env!.ALLOW_REPLACE).toBe("${{ contains(github.event.pull_request.labels.*.name, 'allow-replace') }}");
    expect(gate.run).toContain('if [ "$ALLOW_REPLACE" = "true" ]; then flag="--allow-replace"; fi');
  });

  test("preview: pulumi/actions preview --diff on the homelab runner, gated on the variable and on forks", () => {
    const preview = workflow.jobs.preview;
    expect(preview["runs-on"]).toEqual(["self-hosted", "homelab"]);
    expect(preview.if).toContain("vars.HOMELAB_RUNNER == 'true'");
    expect(preview.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    const [pulumi] = action(preview, "pulumi/actions");
    expect(pulumi.with).toMatchObject({ command: "preview", "stack-name": "prod", diff: true });
    expect(Object.keys(pulumi.env!).sort()).toEqual([
      "PULUMI_ACCESS_TOKEN",
      "PULUMI_BACKEND_URL",
      "PULUMI_CONFIG_PASSPHRASE",
    ]);
  });

  test("up: only on main, behind the production environment, on the homelab runner", () => {
    const up = workflow.jobs.up;
    expect(up.environment).toBe("production");
    expect(up.if).toContain("github.ref == 'refs/heads/main'");
    expect(up["runs-on"]).toEqual(["self-hosted", "homelab"]);
    expect(action(up, "pulumi/actions").map((s) => s.with!.command)).toEqual(["up"]);
  });
});
