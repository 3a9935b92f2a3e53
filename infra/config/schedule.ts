// What an app's backup schedule means: "daily" becomes a start time spread over the night, a
// function of the app's name alone. Pure; the config rules and the backups layer share it.

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
 * app never moves it. Two apps landing on the same minute are a config error, fixed by giving one
 * of them an explicit cron: distinct times without any app moving.
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
