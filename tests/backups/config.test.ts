// The inventory's backup keys: each bad input is refused before anything is registered, with one
// line naming the key, the value and the rule.
import { parseConfig } from "../../infra/config/parse";
import { variant, variants } from "../config/variants";
import { renderProgramOutcome } from "../../planner/program";
import { testCaCert, testEtcd } from "./siteFacts";

function problemsOf(inventory: Record<string, unknown>): string[] {
  const result = parseConfig(inventory);
  return result.ok ? [] : result.problems;
}

const privateKeyLines = [
  "-----BEGIN PRIVATE KEY-----",
  "MC4CAQAwBQYDK2VuBCIEIGhvbWVsYWItbm90LWEta2V5LWF0LWFsbA==",
  "-----END PRIVATE KEY-----",
];
const certBody = testCaCert.split("\n").slice(1, -2).join("\n");

test.each([
  [
    "a pasted private key, shown by its first line only",
    privateKeyLines.join("\n"),
    'backups.caCert "-----BEGIN PRIVATE KEY-----…" is not a PEM certificate (a PRIVATE KEY, not a CERTIFICATE)',
  ],
  [
    "a certificate without its BEGIN line",
    certBody,
    'backups.caCert "MIIBjDCCATGgAwIBAgIUITNIB2l65+ss2jpoR1HEBcCCM+UwCgYIKoZIzj0EAwIw…" is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)',
  ],
  [
    "a truncated certificate",
    `-----BEGIN CERTIFICATE-----\n${certBody.slice(0, 120)}\n-----END CERTIFICATE-----\n`,
    'backups.caCert "-----BEGIN CERTIFICATE-----…" is not a PEM certificate (not an X.509 certificate)',
  ],
  [
    "a second block that is broken",
    `${testCaCert}-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n`,
    'backups.caCert "-----BEGIN CERTIFICATE-----…" is not a PEM certificate (block 2: not base64)',
  ],
])("backups.caCert: refuses %s", (_, value, message) => {
  expect(problemsOf(variant("backups.caCert", value))).toEqual([message]);
});

test("backups.caCert: accepts a CA certificate and hands it on as written", () => {
  const result = parseConfig(variant("backups.caCert", testCaCert));
  expect(result.ok && result.config.backups.caCert).toBe(testCaCert);
});

test.each([
  [
    "restoreAsOf with backups running",
    [["backups.apps.grocy.restoreAsOf", "2025-01-31T23:00:00Z"]],
    'backups.apps.grocy.restoreAsOf "2025-01-31T23:00:00Z" is accepted only with phase "paused" (this app\'s phase is "restore"); see docs/runbooks/restore-point-in-time.md',
  ],
  [
    "restorePrevious on a fresh app",
    [
      ["backups.apps.grocy.phase", "fresh"],
      ["backups.apps.grocy.restorePrevious", 1],
    ],
    'backups.apps.grocy.restorePrevious 1 is accepted only with phase "paused" (this app\'s phase is "fresh"); see docs/runbooks/restore-point-in-time.md',
  ],
  [
    "a negative restoreRun",
    [["backups.apps.grocy.restoreRun", -1]],
    "backups.apps.grocy.restoreRun -1 must not be negative",
  ],
  [
    "retainVolume, which no longer exists (the restore volume is always on ceph-block)",
    [["backups.apps.vaultwarden.retainVolume", true]],
    "backups.apps.vaultwarden.retainVolume is not a known key (known: schedule, capacity, namespace, pvc, retentionDays, moverUid, moverGid, phase, restoreAsOf, restorePrevious, restoreRun)",
  ],
  [
    "moverUid, which movers no longer read (they run privileged and keep owners)",
    [["backups.apps.paperless.moverUid", 1000]],
    "backups.apps.paperless.moverUid 1000 is no longer read: movers run privileged and keep owners (docs/backups.md); remove the key",
  ],
] as Array<[string, Array<[string, unknown]>, string]>)("backups.apps: refuses %s", (_, changes, message) => {
  expect(problemsOf(variants(changes))).toEqual([message]);
});

test("a point-in-time restore with phase paused is accepted", () => {
  const inventory = variants([
    ["backups.apps.grocy.phase", "paused"],
    ["backups.apps.grocy.restoreAsOf", "2025-01-31T23:00:00Z"],
    ["backups.apps.grocy.restorePrevious", 1],
  ]);
  expect(problemsOf(inventory)).toEqual([]);
});

test.each([
  [
    "bucket",
    "volsync",
    'backups.etcd.bucket "volsync" is also the bucket of backups.repository; etcd snapshots need a bucket of their own (their retention is a lifecycle rule, which would expire restic\'s files)',
  ],
  [
    "bucket",
    "Etcd_Snapshots",
    "backups.etcd.bucket \"Etcd_Snapshots\" is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')",
  ],
  [
    "endpoint",
    "https://s3.portkey.home/etcd",
    'backups.etcd.endpoint "https://s3.portkey.home/etcd" is not an S3 endpoint (https://host[:port], no path)',
  ],
  ["schedule", "daily", 'backups.etcd.schedule "daily" is not a five-field cron expression'],
  [
    "prefix",
    "/portkey/",
    "backups.etcd.prefix \"/portkey/\" is not a key prefix (segments of letters, digits, '.', '_' and '-' joined by '/')",
  ],
  [
    "agePublicKey",
    "age1grjg8rpfermm9vwh7aw4nfvqnmngkw2n3qrtq5x5lljxn64mnpws677s89",
    'backups.etcd.agePublicKey "age1grjg8rpfermm9vwh7aw4nfvqnmngkw2n3qrtq5x5lljxn64mnpws677s89" is no longer read: the recipient is derived from the secret etcdBackupAgeIdentity (README, Set-up); remove the key',
  ],
])("backups.etcd.%s: refuses %p", (key, value, message) => {
  const etcd: Record<string, unknown> = { ...testEtcd, [key]: value };
  if (value === undefined) delete etcd[key];
  expect(problemsOf(variant("backups.etcd", etcd))).toEqual([message]);
});

test("backups.etcd: a complete section is accepted, with MinIO's default region", () => {
  const result = parseConfig(variant("backups.etcd", testEtcd));
  expect(result.ok && result.config.backups.etcd).toEqual({ ...testEtcd, region: "us-east-1" });
});

test("backups.etcd: the bucket alone is enough on an s3: repository; elsewhere the endpoint is asked for", () => {
  expect(problemsOf(variant("backups.etcd", { bucket: "etcd" }))).toEqual([]);
  const inventory = variants([
    ["backups.repository", "rest:https://restic.portkey.home/volsync"],
    ["backups.etcd", { bucket: "etcd" }],
  ]);
  expect(problemsOf(inventory)).toEqual([
    "backups.etcd.endpoint is missing: backups.repository is not an s3:https://host/bucket URL to take the endpoint from",
  ]);
});

test("an etcdBackupAgeIdentity that is no age identity stops the program before anything registers, without showing it", async () => {
  const outcome = await renderProgramOutcome({ secrets: { etcdBackupAgeIdentity: "AGE-SECRET-KEY-1NOTAKEYATALL" } });
  expect(String(outcome.error)).toContain(
    "etcdBackupAgeIdentity (secret) is not an age identity (AGE-SECRET-KEY-1… as age-keygen prints it)",
  );
  expect(String(outcome.error)).not.toContain("NOTAKEY");
  expect(outcome.plan.resources.filter((r) => r.custom)).toEqual([]);
});
