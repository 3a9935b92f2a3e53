// Backup schedules: "daily" becomes a start time spread over the night, and restic retention is
// derived from how often a schedule runs. Pure functions; the config rules and the component share them.
import { cronFields } from "../config/net";

/** The cron pattern of the VolSync CRDs' `spec.trigger.schedule` (tests compare it to the CRD fixture). */
export const volsyncCronPattern =
  "^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$";

/** Daily backups start between 01:00 and 05:00: after the evening's use, before the morning's. */
export const nightWindow = { startHour: 1, minutes: 240 } as const;

/** 32-bit FNV-1a: a stable, dependency-free hash (http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The nightly start of a "daily" app: a function of its name alone, so adding or removing another
 * app never moves it. Two apps landing on the same minute are a config error (rules.ts), fixed
 * by giving one of them an explicit cron: distinct times without any app moving.
 */
export function dailyStart(app: string): { hour: number; minute: number } {
  const offset = fnv1a(app) % nightWindow.minutes;
  return { hour: nightWindow.startHour + Math.floor(offset / 60), minute: offset % 60 };
}

/** The VolSync trigger schedule of an app: its cron, or its spread nightly start for "daily". */
export function cronFor(app: string, schedule: string): string {
  if (schedule !== "daily") return schedule;
  const { hour, minute } = dailyStart(app);
  return `${minute} ${hour} * * *`;
}

/** The start of a once-a-day cron as minutes after midnight, or undefined for any other cron. */
export function dailyMinute(cron: string): number | undefined {
  const m = /^(\d+) (\d+) \* \* \*$/.exec(cron.trim());
  return m ? Number(m[2]) * 60 + Number(m[1]) : undefined;
}

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
