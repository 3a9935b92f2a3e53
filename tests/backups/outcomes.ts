// Expected outcome of the repository check per phase and repository state: true = the restore may
// run. Only "fresh" accepts a repository without snapshots; nothing accepts a failure to look.
import type { RepositoryState } from "../../infra/backups/guard";
import type { BackupPhase } from "../../infra/config/types";

const failures: Record<RepositoryState, false> = {
  "has-snapshots": false,
  "no-match": false,
  empty: false,
  missing: false,
  "bucket-missing": false,
  "wrong-password": false,
  "untrusted-certificate": false,
  "access-denied": false,
  unreachable: false,
};

export const outcomes: Record<BackupPhase, Record<RepositoryState, boolean>> = {
  fresh: { ...failures, "has-snapshots": true, empty: true, missing: true },
  restore: { ...failures, "has-snapshots": true },
  paused: { ...failures, "has-snapshots": true },
};
