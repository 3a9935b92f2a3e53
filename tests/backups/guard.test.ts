// The restore-first guard's decisions: phases → plan, repository states → verdicts, and the
// restore trigger that decides when a new restore runs.
import type { BackupPhase } from "../../infra/config/types";
import { outcomes } from "./outcomes";
import {
  guardPlan,
  repositoryStates,
  repositoryVerdict,
  restoreAwait,
  restoreTrigger,
} from "../../infra/backups/guard";

const phases: BackupPhase[] = ["fresh", "restore", "paused"];

test("backups are paused in phase paused only; only fresh accepts a claim not filled from the restore", () => {
  expect(phases.map((p) => [guardPlan(p).sourcePaused, guardPlan(p).claimMust])).toEqual([
    [false, "be-bound"],
    [false, "be-populated"],
    [true, "be-populated"],
  ]);
});

describe.each(phases)("phase %s", (phase) => {
  test.each(repositoryStates)("repository %s: the restore runs only as the outcome table says", (state) => {
    expect(repositoryVerdict(guardPlan(phase), state).pass).toBe(outcomes[phase][state]);
  });
});

test("a bucket that does not exist is named as such, not as unreachable", () => {
  expect(repositoryVerdict(guardPlan("fresh"), "bucket-missing")).toEqual({
    pass: false,
    reason: "the bucket does not exist; create it (docs/backups.md, prerequisites) or correct backups.repository",
  });
});

const app = { phase: "restore" as BackupPhase, restoreRun: 0 };
test.each([
  [{}, "restore-once"],
  [{ phase: "fresh" as BackupPhase }, "fresh-once"],
  [{ phase: "paused" as BackupPhase, restoreAsOf: "2025-01-31T23:00:00Z" }, "restore-20250131T230000Z-previous-0"],
  [{ phase: "paused" as BackupPhase, restorePrevious: 2 }, "restore-latest-previous-2"],
  [{ restoreRun: 3 }, "restore-once-run-3"],
])("restore trigger of %p is %s, and Pulumi waits for that trigger", (change, trigger) => {
  expect(restoreTrigger({ ...app, ...change })).toBe(trigger);
  expect(restoreAwait(trigger, 900)).toEqual({
    "pulumi.com/waitFor": `jsonpath={.status.lastManualSync}=${trigger}`,
    "pulumi.com/timeoutSeconds": "900",
  });
});

test("leaving fresh and bumping restoreRun each move the trigger: the restore runs again", () => {
  const triggers = [
    restoreTrigger({ ...app, phase: "fresh" }),
    restoreTrigger(app),
    restoreTrigger({ ...app, restoreRun: 1 }),
  ];
  expect(new Set(triggers).size).toBe(3);
});
