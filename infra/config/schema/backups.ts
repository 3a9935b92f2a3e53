// The `backups` section: VolSync restic backups per app, and talos-backup's etcd snapshots.
import { cron, label, matches, notNegative, positive, quantity, rfc3339, schedule } from "../checks";
import { custom, integer, map, object, oneOf, retired, string } from "../fields";
import { pemProblem } from "../pem";
import type { Reader } from "../reader";

/** A PEM bundle; a bad one is shown by its first line only (it may be a pasted private key). */
function readPem(r: Reader, path: string, value: unknown): string | undefined {
  const text = r.string(path, value);
  const problem = text === undefined ? undefined : pemProblem(text);
  if (text === undefined || problem === undefined) return text;
  r.problem(path, `${text.trim().split("\n")[0]}…`, `is not a PEM certificate (${problem})`);
  return undefined;
}

const app = object({
  /** A five-field cron expression (UTC), or "daily" for a start time spread over the night. */
  schedule: string(schedule),
  /** Kubernetes quantity of the app's volume, e.g. "5Gi". */
  capacity: string(quantity),
  namespace: string(label).default((at) => at.name),
  pvc: string(label).default((at) => at.name),
  /** Days of restore points to keep; backups.retentionDays, declared before apps, unless set. */
  retentionDays: integer(positive).default((at) => at.parent.retentionDays as number),
  // Movers run privileged and keep every file's owner and mode (docs/backups.md, "Movers").
  moverUid: retired("is no longer read: movers run privileged and keep owners (docs/backups.md); remove the key"),
  moverGid: retired("is no longer read: movers run privileged and keep owners (docs/backups.md); remove the key"),
  /**
   * Where the app stands in the restore-first guard (infra/backups/guard.ts):
   * "restore" (default): restore points exist; the repository must hold at least one before the
   * restore runs, and backups start only after the app's volume was populated from it. "fresh": no
   * restore points yet (first build, new app); an empty repository is accepted. "paused": like
   * "restore", with backups paused; the only phase that may restore an earlier point in time.
   */
  phase: oneOf(["restore", "fresh", "paused"]).default("restore"),
  /** Restore the restic snapshot taken at or before this RFC 3339 time instead of the latest. */
  restoreAsOf: string(rfc3339).optional(),
  /** Restore this many snapshots before the chosen one (0 = the chosen one). */
  restorePrevious: integer(notNegative).optional(),
  /** Bumped by the operator to run the repository check and the restore again (0 = never bumped). */
  restoreRun: integer(notNegative).default(0),
});

/** The endpoint and bucket of an s3: restic repository ("s3:https://host[:port]/bucket/…"), or undefined. */
export function s3Location(repository: string): { endpoint: string; bucket: string } | undefined {
  const m = /^s3:(https?:\/\/[^/]+)\/([^/]+)/.exec(repository);
  return m ? { endpoint: m[1], bucket: m[2] } : undefined;
}

/**
 * siderolabs/talos-backup: age-encrypted etcd snapshots, in a bucket of their own on the restic
 * S3 server (same endpoint, CA and credentials unless set), under a prefix per cluster (the
 * cluster's name unless set). The age recipient is derived from the secret etcdBackupAgeIdentity.
 */
const etcd = object({
  /** A five-field cron expression, in UTC. */
  schedule: string(cron).default("30 */6 * * *"),
  /** S3 endpoint, "https://host[:port]": backups.repository's unless set (etcdTarget). */
  endpoint: string(matches(/^https?:\/\/[^/\s]+$/, "is not an S3 endpoint (https://host[:port], no path)")).optional(),
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  bucket: string(
    matches(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')",
    ),
  ),
  /** S3 signing region ("us-east-1", MinIO's default, unless set). */
  region: string(matches(/^[a-z0-9-]+$/, "is not an S3 region (lower-case letters, digits and '-')")).default(
    "us-east-1",
  ),
  /** Key prefix inside the bucket; the cluster's name unless set (the layer fills it in). */
  prefix: string(
    matches(
      /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
      "is not a key prefix (segments of letters, digits, '.', '_' and '-' joined by '/')",
    ),
  ).optional(),
  agePublicKey: retired(
    "is no longer read: the recipient is derived from the secret etcdBackupAgeIdentity (README, Set-up); remove the key",
  ),
});

export const backups = object({
  /** restic repository base; each app's repository is `${repository}/${app}`. */
  repository: string(
    matches(
      /^(s3|b2|azure|gs|rest|sftp):\S+[^/]$/,
      "is not a restic repository URL (e.g. s3:https://host/bucket, no trailing /)",
    ),
  ),
  /** PEM certificate(s) the S3 endpoint's TLS certificate chains to, when no public CA signs it. */
  caCert: custom(readPem, "").optional(),
  retentionDays: integer(positive),
  apps: map(label, app),
  etcd: etcd.optional(),
});
