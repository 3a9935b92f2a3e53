// Backup schedules as VolSync takes them: restic retention is derived from how often a schedule
// runs. Pure functions; what "daily" means is infra/config/schedule.ts.
import { cronFields } from "../config/net";

/** The cron pattern of the VolSync CRDs' `spec.trigger.schedule` (tests compare it to the CRD fixture). */
export const volsyncCronPattern =
  "^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$";

/** How many values one cron field matches (`*`, `*\/n`, `a-b`, `a/n`, lists). */
function fieldCount(field: string, [min, max]: [number, number]): number {
  if (field === "*") return max - min + 1;
  return field.split(",").reduce((sum, part) => {
    let m = /^\*\/(\d+)$/.exec(part);
    if (m) return sum + Math.floor((max - min) / Number(m[1])) + 1;
    m = /^(\d+)\/(\d+)$/.exec(part);
    if (m) return sum + Math.floor((max - Number(m[1])) / Number(m[2])) + 1;
    m = /^(\d+)-(\d+)$/.exec(part);
    if (m) return sum + Number(m[2]) - Number(m[1]) + 1;
    return sum + 1;
  }, 0);
}

/** Runs per day of a cron whose day fields are all `*`; undefined for anything else. */
export function runsPerDay(cron: string): number | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.slice(2).some((f) => f !== "*")) return undefined;
  return fieldCount(fields[0], cronFields[0]) * fieldCount(fields[1], cronFields[1]);
}

export interface ResticRetain {
  hourly?: number;
  daily?: number;
  within?: string;
}

/**
 * restic retention that keeps `days` days of restore points. VolSync passes `--keep-last 1` when
 * `retain` is unset, so it is always set (https://volsync.readthedocs.io/en/stable/usage/restic/).
 * Several runs a day keep every run for `days` days (`hourly` = runs × days) plus one a day;
 * a schedule whose day fields are not `*` keeps everything within `days` days of the newest.
 */
export function retainFor(cron: string, days: number): ResticRetain {
  const runs = runsPerDay(cron);
  if (runs === undefined) return { within: `${days}d` };
  return runs > 1 ? { hourly: runs * days, daily: days } : { daily: days };
}
