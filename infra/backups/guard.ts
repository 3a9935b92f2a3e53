// The restore-first guard. On a rebuild no app may back up before its data is back:
// - a new ReplicationSource backs up at once, and with 7 days of retention a week of backups of a
//   new, empty app prunes the good restore points (https://github.com/backube/volsync/issues/627);
// - the restic populator hands out an empty volume when the repository cannot be reached, or when
//   no snapshot matches the restore's selection, which the next backup then records as the newest
//   state (https://github.com/backube/volsync/issues/1211).
// The mechanism, per app, in the order Pulumi creates things:
// 1. a repository-check Job (check.ts) proves the repository is reachable and, unless the app is
//    "fresh", holds a snapshot the restore's selection finds; otherwise it fails and nothing after
//    it is created;
// 2. the ReplicationDestination restores once per trigger; Pulumi waits until
//    `status.lastManualSync` equals the trigger (the CRD's documented way to see it finished);
// 3. the population gate (gate.ts) waits until the app's claim was filled from the restore, then
//    retires the restore's image, so a claim recreated later is not filled from stale data;
// 4. only then the ReplicationSource is created, paused if the app's phase says so.
import type { BackupApp, BackupPhase } from "../config/types";

export interface GuardPlan {
  /** What the repository must hold before the restore may run. */
  repositoryMust: "exist-or-be-empty" | "hold-a-snapshot";
  /** `spec.paused` of the ReplicationSource. */
  sourcePaused: boolean;
  /** What the gate waits for: a claim filled from the restore, or (fresh) any bound claim. */
  claimMust: "be-populated" | "be-bound";
}

export function guardPlan(phase: BackupPhase): GuardPlan {
  switch (phase) {
    case "fresh":
      return { repositoryMust: "exist-or-be-empty", sourcePaused: false, claimMust: "be-bound" };
    case "restore":
      return { repositoryMust: "hold-a-snapshot", sourcePaused: false, claimMust: "be-populated" };
    case "paused":
      return { repositoryMust: "hold-a-snapshot", sourcePaused: true, claimMust: "be-populated" };
  }
}

/** What the check finds in a repository. */
export type RepositoryState =
  | "has-snapshots"
  | "no-match"
  | "empty"
  | "missing"
  | "bucket-missing"
  | "wrong-password"
  | "untrusted-certificate"
  | "access-denied"
  | "unreachable";

export const repositoryStates: RepositoryState[] = [
  "has-snapshots",
  "no-match",
  "empty",
  "missing",
  "bucket-missing",
  "wrong-password",
  "untrusted-certificate",
  "access-denied",
  "unreachable",
];

export type Verdict = { pass: true } | { pass: false; reason: string };

/** The guard's decision for one repository state. The check Job's script is generated from it. */
export function repositoryVerdict(plan: GuardPlan, state: RepositoryState): Verdict {
  const fail = (reason: string): Verdict => ({ pass: false, reason });
  switch (state) {
    case "has-snapshots":
      return { pass: true };
    case "no-match":
      return fail(
        "no snapshot matches restoreAsOf/restorePrevious, so the restore would hand the app an empty volume; choose a point within retention",
      );
    case "empty":
    case "missing":
      return plan.repositoryMust === "exist-or-be-empty"
        ? { pass: true }
        : fail(
            `the repository holds no snapshot (${state}); if this app has never been backed up, set its phase to fresh`,
          );
    case "bucket-missing":
      return fail(
        "the bucket does not exist; create it (docs/backups.md, prerequisites) or correct backups.repository",
      );
    case "wrong-password":
      return fail("the repository rejects the password (resticPassword)");
    case "untrusted-certificate":
      return fail("the S3 endpoint's TLS certificate is not trusted; set backups.caCert to the CA that signed it");
    case "access-denied":
      return fail("S3 refuses the credentials (s3AccessKeyId, s3SecretAccessKey) or their access to the bucket");
    case "unreachable":
      return fail("the repository cannot be reached; a restore now would hand the app an empty volume");
  }
}

/**
 * The ReplicationDestination's manual trigger: a new value runs a new restore. It moves with the
 * selection, when the app leaves "fresh" (whose restore was of an empty repository) and when the
 * operator bumps `restoreRun`; the default stays "restore-once".
 */
export function restoreTrigger(
  app: Pick<BackupApp, "phase" | "restoreAsOf" | "restorePrevious" | "restoreRun">,
): string {
  const base =
    app.restoreAsOf === undefined && app.restorePrevious === undefined
      ? `${app.phase === "fresh" ? "fresh" : "restore"}-once`
      : `restore-${app.restoreAsOf === undefined ? "latest" : app.restoreAsOf.replace(/[^0-9A-Za-z]/g, "")}-previous-${app.restorePrevious ?? 0}`;
  return app.restoreRun > 0 ? `${base}-run-${app.restoreRun}` : base;
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
