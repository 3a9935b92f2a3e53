// The restore-first guard. On a rebuild no app may back up before its data is back:
// - a new ReplicationSource backs up at once, and with 7 days of retention a week of backups of a
//   new, empty app prunes the good restore points (https://github.com/backube/volsync/issues/627);
// - the restic populator hands out an empty volume when the repository cannot be reached, which the
//   next backup then records as the newest state (https://github.com/backube/volsync/issues/1211).
// The mechanism, per app, in the order Pulumi creates things:
// 1. a repository-check Job (awaited) proves the repository is reachable and, unless the app is
//    "fresh", holds at least one snapshot; otherwise it fails and nothing after it is created;
// 2. the ReplicationDestination restores once; Pulumi waits until `status.lastManualSync` equals
//    the trigger (the CRD's documented way to see a manual sync has finished);
// 3. only then the ReplicationSource is created (it depends on the ReplicationDestination),
//    paused if the app's phase says so. The app's PVC names the ReplicationDestination in
//    `dataSourceRef`, so it stays Pending, and the app stopped, until the restore exists.
import type { BackupApp, BackupPhase } from "../config/types";

export interface GuardPlan {
  /** What the repository must hold before the restore may run. */
  repositoryMust: "exist-or-be-empty" | "hold-a-snapshot";
  /** `spec.paused` of the ReplicationSource. */
  sourcePaused: boolean;
}

export function guardPlan(phase: BackupPhase): GuardPlan {
  switch (phase) {
    case "fresh":
      return { repositoryMust: "exist-or-be-empty", sourcePaused: false };
    case "restore":
      return { repositoryMust: "hold-a-snapshot", sourcePaused: false };
    case "paused":
      return { repositoryMust: "hold-a-snapshot", sourcePaused: true };
  }
}

/** What `restic snapshots --json` tells about a repository. */
export type RepositoryState = "has-snapshots" | "empty" | "missing" | "wrong-password" | "unreachable";

/**
 * restic exit codes (since 0.17; VolSync 0.16 ships restic 0.18.1): 10 = the repository does not
 * exist, 12 = wrong password, anything else non-zero = failure
 * (https://restic.readthedocs.io/en/v0.18.1/075_scripting.html#exit-codes).
 */
export const resticExitCodes = { missing: 10, wrongPassword: 12 } as const;

export type Verdict = { pass: true } | { pass: false; reason: string };

/** The guard's decision for one repository state. The check Job's script is generated from it. */
export function repositoryVerdict(plan: GuardPlan, state: RepositoryState): Verdict {
  switch (state) {
    case "has-snapshots":
      return { pass: true };
    case "empty":
    case "missing":
      return plan.repositoryMust === "exist-or-be-empty"
        ? { pass: true }
        : {
            pass: false,
            reason: `the repository holds no snapshot (${state}); if this app has never been backed up, set its phase to fresh`,
          };
    case "wrong-password":
      return { pass: false, reason: "the repository rejects the password (resticPassword)" };
    case "unreachable":
      return {
        pass: false,
        reason: "the repository cannot be reached; a restore now would hand the app an empty volume",
      };
  }
}

export const repositoryStates: RepositoryState[] = [
  "has-snapshots",
  "empty",
  "missing",
  "wrong-password",
  "unreachable",
];

/** The check Job's script: classify the repository, then exit as `repositoryVerdict` decides. */
export function checkScript(plan: GuardPlan): string {
  const branches = repositoryStates.map((state) => {
    const verdict = repositoryVerdict(plan, state);
    const action = verdict.pass
      ? `echo ${shellQuote(`repository ${state}: the restore may run`)}; exit 0`
      : `echo ${shellQuote(`repository ${state}: ${verdict.reason}`)} >&2; exit 1`;
    return `  ${state}) ${action} ;;`;
  });
  return [
    "out=$(restic snapshots --json --no-lock --no-cache); rc=$?",
    'if [ $rc -eq 0 ] && [[ "$out" == *\'"id"\'* ]]; then state=has-snapshots',
    "elif [ $rc -eq 0 ]; then state=empty",
    `elif [ $rc -eq ${resticExitCodes.missing} ]; then state=missing`,
    `elif [ $rc -eq ${resticExitCodes.wrongPassword} ]; then state=wrong-password`,
    "else state=unreachable; fi",
    'case "$state" in',
    ...branches,
    "esac",
    "",
  ].join("\n");
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** The ReplicationDestination's manual trigger: a new value runs a new restore. */
export function restoreTrigger(app: Pick<BackupApp, "restoreAsOf" | "restorePrevious">): string {
  if (app.restoreAsOf === undefined && app.restorePrevious === undefined) return "restore-once";
  const asOf = app.restoreAsOf === undefined ? "latest" : app.restoreAsOf.replace(/[^0-9A-Za-z]/g, "");
  return `restore-${asOf}-previous-${app.restorePrevious ?? 0}`;
}

/** Annotations making Pulumi wait until the restore of `trigger` has finished. */
export function restoreAwait(trigger: string, timeoutSeconds: number): Record<string, string> {
  return {
    // https://www.pulumi.com/registry/packages/kubernetes/api-docs/ (pulumi.com/waitFor, provider ≥ 4.18)
    "pulumi.com/waitFor": `jsonpath={.status.lastManualSync}=${trigger}`,
    "pulumi.com/timeoutSeconds": String(timeoutSeconds),
  };
}

/** How long a restore may take before `pulumi up` gives up on it: 10 minutes plus 1 per GiB. */
export function restoreTimeoutSeconds(capacity: string): number {
  const m = /^(\d+)(Mi|Gi|Ti)$/.exec(capacity);
  const gib = m ? Number(m[1]) * { Mi: 1 / 1024, Gi: 1, Ti: 1024 }[m[2] as "Mi" | "Gi" | "Ti"] : 0;
  return 600 + Math.ceil(gib) * 60;
}
