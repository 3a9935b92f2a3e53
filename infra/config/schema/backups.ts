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

/** siderolabs/talos-backup: age-encrypted etcd snapshots, written to an S3 bucket of their own. */
const etcd = object({
  /** A five-field cron expression, in UTC. */
  schedule: string(cron),
  /** S3 endpoint, "https://host[:port]". */
  endpoint: string(matches(/^https?:\/\/[^/\s]+$/, "is not an S3 endpoint (https://host[:port], no path)")),
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
  /** Key prefix inside the bucket. */
  prefix: string(
    matches(
      /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
      "is not a key prefix (segments of letters, digits, '.', '_' and '-' joined by '/')",
    ),
  ),
  // age's X25519 recipient: "age1" and 58 bech32 characters (https://age-encryption.org/v1); its
  // private key stays outside the cluster.
  agePublicKey: string(
    matches(
      /^age1[02-9ac-hj-np-z]{58}$/,
      "is not an age public key (age1 and 58 more characters, as age-keygen prints it)",
    ),
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
