// Cross-field rules of the backups: distinct start times, point-in-time restores, the etcd bucket.
import type { Reader } from "../reader";
import { cronFor, dailyMinute } from "../schedule";
import type { SiteConfig } from "../types";
import { s3Location } from "../schema/backups";

export function checkBackups(r: Reader, site: SiteConfig): void {
  checkStartTimes(r, site);
  checkRestoreSelection(r, site);
  checkEtcdBucket(r, site);
}

/**
 * Distinct nightly start times. A spread start is a function of the app's name alone, so it never
 * moves; a clash is resolved in config, by an explicit cron for one of the two apps.
 */
function checkStartTimes(r: Reader, site: SiteConfig): void {
  const starts = new Map<number, string>();
  for (const [name, app] of Object.entries(site.backups.apps)) {
    const path = `backups.apps.${name}.schedule`;
    const schedule = cronFor(name, app.schedule);
    const minute = dailyMinute(schedule);
    if (minute === undefined) continue;
    const other = starts.get(minute);
    if (other)
      r.problem(
        path,
        app.schedule,
        `starts at ${schedule} like backups.apps.${other}; give one of them an explicit cron (e.g. "${(minute + 1) % 60} ${Math.floor(minute / 60)} * * *")`,
      );
    else starts.set(minute, name);
  }
}

/**
 * An earlier point in time is restored only while backups are paused: left behind with backups
 * running, it would restore nothing once retention prunes that point, and the next backups would
 * record the empty volume (https://github.com/backube/volsync/issues/1211).
 */
function checkRestoreSelection(r: Reader, site: SiteConfig): void {
  for (const [name, app] of Object.entries(site.backups.apps)) {
    if (app.phase === "paused") continue;
    for (const key of ["restoreAsOf", "restorePrevious"] as const) {
      if (app[key] === undefined) continue;
      r.problem(
        `backups.apps.${name}.${key}`,
        app[key],
        `is accepted only with phase "paused" (this app's phase is "${app.phase}"); see docs/runbooks/restore-point-in-time.md`,
      );
    }
  }
}

/**
 * etcd snapshots expire by a lifecycle rule on their bucket, so they must not share the restic
 * bucket: a rule there would delete restic's data files.
 */
function checkEtcdBucket(r: Reader, site: SiteConfig): void {
  const etcd = site.backups.etcd;
  const restic = s3Location(site.backups.repository);
  if (etcd && etcd.endpoint === undefined && !restic) {
    r.problem(
      "backups.etcd.endpoint",
      undefined,
      "is missing: backups.repository is not an s3:https://host/bucket URL to take the endpoint from",
    );
    return;
  }
  if (!etcd || !restic || (etcd.endpoint ?? restic.endpoint) !== restic.endpoint || etcd.bucket !== restic.bucket)
    return;
  r.problem(
    "backups.etcd.bucket",
    etcd.bucket,
    `is also the bucket of backups.repository; etcd snapshots need a bucket of their own (their retention is a lifecycle rule, which would expire restic's files)`,
  );
}
