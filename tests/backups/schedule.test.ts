// Schedules: nightly spreading, the VolSync cron contract, retention.
import { parseConfig } from "../../infra/config/parse";
import { retainFor, runsPerDay, volsyncCronPattern } from "../../infra/backups/schedule";
import { cronFor, dailyStart } from "../../infra/config/schedule";
import { describeConformance, readFixtureYaml } from "../fixtures";
import { readInventory } from "../../planner/stackFile";
import { twentyApps } from "./table";

const minutes = (cron: string) => {
  const [m, h] = cron.split(" ").map(Number);
  return h * 60 + m;
};

describe("nightly start times", () => {
  test("every daily app of the prod table starts at a distinct minute between 01:00 and 04:59", () => {
    const apps = ["homeassistant", "paperless", "zigbee2mqtt", "mosquitto", "grocy", "babybuddy"];
    const starts = apps.map((a) => minutes(cronFor(a, "daily")));
    expect(new Set(starts).size).toBe(6);
    for (const s of starts) expect(s >= 60 && s < 300).toBe(true);
  });

  test("the 20-app table validates and its 19 daily apps start at 19 distinct minutes", () => {
    const inventory = readInventory();
    (inventory.backups as { apps: unknown }).apps = twentyApps();
    expect(parseConfig(inventory).ok).toBe(true);
    const daily = Object.entries(twentyApps()).filter(([, a]) => a.schedule === "daily");
    expect(daily).toHaveLength(19);
    expect(new Set(daily.map(([name]) => minutes(cronFor(name, "daily")))).size).toBe(19);
  });

  test("an app's start depends on its own name only: adding apps moves no other app", () => {
    const before = Object.fromEntries(
      Object.keys(twentyApps())
        .slice(0, 19)
        .map((a) => [a, dailyStart(a)]),
    );
    const after = Object.fromEntries(Object.keys(twentyApps()).map((a) => [a, dailyStart(a)]));
    for (const [app, start] of Object.entries(before)) expect(after[app]).toEqual(start);
  });

  test("an explicit cron is kept as written", () => {
    expect(cronFor("vaultwarden", "0 */6 * * *")).toBe("0 */6 * * *");
  });

  test("rejects two apps that would start at the same minute, naming both", () => {
    const inventory = readInventory();
    const backups = inventory.backups as { apps: Record<string, unknown> };
    const { hour, minute } = dailyStart("grocy");
    backups.apps.clash = { schedule: `${minute} ${hour} * * *`, capacity: "1Gi" };
    const result = parseConfig(inventory);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringMatching(
        /^backups\.apps\.grocy\.schedule "daily" starts at .* like backups\.apps\.clash; give one of them an explicit cron/,
      ),
    ]);
  });
});

describe("retention keeps the configured days", () => {
  test.each([
    ["0 */6 * * *", 4, { hourly: 28, daily: 7 }],
    ["17 3 * * *", 1, { daily: 7 }],
    ["0,30 * * * *", 48, { hourly: 336, daily: 7 }],
    ["0 3 * * 1", undefined, { within: "7d" }],
  ])("%s runs %p times a day and keeps %p", (cron, runs, retain) => {
    expect(runsPerDay(cron)).toBe(runs);
    expect(retainFor(cron, 7)).toEqual(retain);
  });
});

describeConformance("VolSync cron contract", () => {
  test("our cron pattern is the CRD's trigger.schedule pattern", () => {
    const crd = readFixtureYaml<any>("k8s/volsync/volsync.backube_replicationsources.yaml");
    const served = crd.spec.versions.find((v: any) => v.served);
    expect(served.schema.openAPIV3Schema.properties.spec.properties.trigger.properties.schedule.pattern).toBe(
      volsyncCronPattern,
    );
  });
});
