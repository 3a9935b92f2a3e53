// The restore-first guard's logic: phases → plan, repository states → verdicts, and the check
// Job's generated script executed against a stand-in `restic` for every state.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BackupPhase } from "../../infra/config/types";
import {
  checkScript,
  guardPlan,
  RepositoryState,
  repositoryStates,
  repositoryVerdict,
  restoreAwait,
  restoreTrigger,
} from "../../infra/backups/guard";

const phases: BackupPhase[] = ["fresh", "restore", "paused"];

// Expected outcome of the check per phase and repository state: true = the restore may run.
const outcomes: Record<BackupPhase, Record<RepositoryState, boolean>> = {
  fresh: { "has-snapshots": true, empty: true, missing: true, "wrong-password": false, unreachable: false },
  restore: { "has-snapshots": true, empty: false, missing: false, "wrong-password": false, unreachable: false },
  paused: { "has-snapshots": true, empty: false, missing: false, "wrong-password": false, unreachable: false },
};

test("backups are paused in phase paused only", () => {
  expect(phases.map((p) => guardPlan(p).sourcePaused)).toEqual([false, false, true]);
});

describe.each(phases)("phase %s", (phase) => {
  test.each(repositoryStates)("repository %s: the restore runs only as the outcome table says", (state) => {
    expect(repositoryVerdict(guardPlan(phase), state).pass).toBe(outcomes[phase][state]);
  });
});

// What the stand-in restic prints and exits with, per state (restic 0.18 exit codes).
const resticAnswers: Record<RepositoryState, { stdout: string; code: number }> = {
  "has-snapshots": { stdout: '[{"time":"2025-01-01T03:17:00Z","id":"4f1c0e"}]', code: 0 },
  empty: { stdout: "[]", code: 0 },
  missing: { stdout: "", code: 10 },
  "wrong-password": { stdout: "", code: 12 },
  unreachable: { stdout: "", code: 1 },
};

const bash = spawnSync("bash", ["--version"]).status === 0;
(bash ? describe.each(phases) : describe.skip.each(phases))("the check Job's script in phase %s", (phase) => {
  test.each(repositoryStates)("exits 0 exactly when the restore may run, for a repository that is %s", (state) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "restic-"));
    const answer = resticAnswers[state];
    fs.writeFileSync(path.join(dir, "restic"), `#!/bin/bash\necho '${answer.stdout}'\nexit ${answer.code}\n`, {
      mode: 0o755,
    });
    const run = spawnSync("bash", ["-c", checkScript(guardPlan(phase))], {
      env: { PATH: `${dir}:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(run.status).toBe(outcomes[phase][state] ? 0 : 1);
    expect(`${run.stdout}${run.stderr}`).toContain(`repository ${state}:`);
  });
});

test("the script is valid bash", () => {
  for (const phase of phases)
    expect(() => execFileSync("bash", ["-n", "-c", checkScript(guardPlan(phase))])).not.toThrow();
});

test.each([
  [{}, "restore-once"],
  [{ restoreAsOf: "2025-01-31T23:00:00Z" }, "restore-20250131T230000Z-previous-0"],
  [{ restorePrevious: 2 }, "restore-latest-previous-2"],
])("restore trigger of %p is %s, and Pulumi waits for that trigger", (app, trigger) => {
  expect(restoreTrigger(app)).toBe(trigger);
  expect(restoreAwait(trigger, 900)).toEqual({
    "pulumi.com/waitFor": `jsonpath={.status.lastManualSync}=${trigger}`,
    "pulumi.com/timeoutSeconds": "900",
  });
});
