// The check Job's generated script, run against a stand-in `restic` on PATH for every repository
// state: it exits 0 exactly when the restore may run, says which state it found, applies the
// restore's own snapshot selection, and bounds restic by its own timeout.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkScript, restoreSelection, Selection } from "../../infra/backups/check";
import { guardPlan, RepositoryState, repositoryStates } from "../../infra/backups/guard";
import { outcomes } from "./outcomes";
import { instantiate, readRecording } from "../../scripts/backups/answers";
import { artifacts } from "../../scripts/providers/artifacts";

// What the stand-in restic answers per state: what restic v0.18.1 answered the same invocation in
// the backups suite (npm run test:backups records it in tests/backups/restic-answers.json and fails
// when restic answers otherwise), filled in for a site: its endpoint, and snapshots at these times.
const recording = readRecording();
const nights = ["2025-01-01T03:17:00.123456789Z", "2025-01-02T03:17:00.123456789Z", "2025-01-03T03:17:00.123456789Z"];
const recorded = (state: RepositoryState, staged?: string) =>
  instantiate(
    recording.answers.find((a) => a.state === state && (staged === undefined || a.staged === staged))!,
    {
      endpoint: "s3.portkey.home",
      times: nights,
    },
  );

interface Answer {
  stdout?: string;
  stderr?: string;
  code: number;
  /** The selection the check applies (the app's restoreAsOf/restorePrevious). */
  selection?: Selection;
}

const answers: Record<RepositoryState, Answer> = {
  "has-snapshots": recorded("has-snapshots"),
  "no-match": { ...recorded("no-match"), selection: restoreSelection({ restoreAsOf: "2024-12-31T00:00:00Z" }) },
  empty: recorded("empty"),
  missing: recorded("missing"),
  "bucket-missing": recorded("bucket-missing"),
  "wrong-password": recorded("wrong-password"),
  "untrusted-certificate": recorded("untrusted-certificate"),
  "access-denied": recorded("access-denied", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"),
  unreachable: recorded("unreachable", ""),
};

test("every state the check names has an answer restic gave in the backups suite", () => {
  expect(new Set(recording.answers.map((a) => a.state))).toEqual(new Set(repositoryStates));
  expect(recording.restic).toBe(artifacts.find((a) => a.binary === "restic")!.version);
});

test("a wrong secret key, which restic retries until the check's limit, is access denied too", () => {
  const { status, log } = run(
    checkScript(guardPlan("restore"), { previous: 0 }),
    recorded("access-denied", "AWS_SECRET_ACCESS_KEY"),
  );
  expect([status, log.includes("repository access-denied:")]).toEqual([1, true]);
});

function run(script: string, answer: { stdout?: string; stderr?: string; code: number; sleep?: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "restic-"));
  fs.writeFileSync(path.join(dir, "stdout"), answer.stdout ?? "");
  fs.writeFileSync(path.join(dir, "stderr"), answer.stderr ?? "");
  const sleep = answer.sleep ? `sleep ${answer.sleep}\n` : "";
  fs.writeFileSync(
    path.join(dir, "restic"),
    `#!/bin/bash\n${sleep}cat '${dir}/stdout'\ncat '${dir}/stderr' >&2\nexit ${answer.code}\n`,
    { mode: 0o755 },
  );
  // --norc: bash reads ~/.bashrc when its stdin is a socket, as Node's is (Debian's
  // SSH_SOURCE_BASHRC); the script must not depend on the runner's shell set-up.
  const result = spawnSync("bash", ["--norc", "-c", script], {
    env: { PATH: `${dir}:${process.env.PATH}`, TZ: "UTC", TMPDIR: dir },
    encoding: "utf8",
  });
  return { status: result.status, log: `${result.stdout}${result.stderr}` };
}

// The verdict per phase is guard.test.ts's; here the script must find each state and act on it.
test.each(repositoryStates)("repository %s: named in the log, and exit 0 exactly when a restore may run", (state) => {
  const answer = answers[state];
  const { status, log } = run(checkScript(guardPlan("restore"), answer.selection ?? { previous: 0 }), answer);
  expect({ status, named: log.includes(`repository ${state}:`) }).toEqual({
    status: outcomes.restore[state] ? 0 : 1,
    named: true,
  });
});

test.each<RepositoryState>(["empty", "missing", "bucket-missing"])(
  "phase fresh, repository %s: exit 0 exactly when an app without backups may start",
  (state) => {
    const { status } = run(checkScript(guardPlan("fresh"), { previous: 0 }), answers[state]);
    expect(status).toBe(outcomes.fresh[state] ? 0 : 1);
  },
);

describe("the restore's selection", () => {
  test.each([
    ["the latest", {}, "2025-01-03 03:17:00"],
    ["the newest at or before restoreAsOf", { restoreAsOf: "2025-01-02T12:00:00Z" }, "2025-01-02 03:17:00"],
    ["a snapshot taken exactly at restoreAsOf", { restoreAsOf: "2025-01-02T03:17:00Z" }, "2025-01-02 03:17:00"],
    [
      "restorePrevious older than that",
      { restoreAsOf: "2025-01-03T12:00:00+00:00", restorePrevious: 2 },
      "2025-01-01 03:17:00",
    ],
  ])("%s is what the check names", (_, app, chosen) => {
    const { status, log } = run(checkScript(guardPlan("paused"), restoreSelection(app)), answers["has-snapshots"]);
    expect({ status, line: log.split("\n")[0] }).toEqual({
      status: 0,
      line: `restoring the snapshot of ${chosen} UTC`,
    });
  });

  test("no snapshot matches: restorePrevious beyond the oldest fails and lists what the repository holds", () => {
    const selection = restoreSelection({ restoreAsOf: "2025-01-02T12:00:00Z", restorePrevious: 2 });
    const { status, log } = run(checkScript(guardPlan("paused"), selection), answers["has-snapshots"]);
    expect(status).toBe(1);
    expect(log).toContain("repository no-match: no snapshot matches restoreAsOf/restorePrevious");
    expect(log).toContain("3 snapshots, newest 2025-01-03 03:17:00 UTC, oldest 2025-01-01 03:17:00 UTC");
  });
});

test("restic is cut off at the check's own limit, and the log says so", () => {
  const { status, log } = run(checkScript(guardPlan("restore"), { previous: 0 }, 1), { code: 0, sleep: 5 });
  expect(status).toBe(1);
  expect(log).toContain("repository unreachable:");
  expect(log).toContain("restic gave no answer within 1 s");
});

test("a TLS failure that is not about the certificate (an endpoint that speaks plain HTTP) is not blamed on the CA", () => {
  const { log } = run(checkScript(guardPlan("restore"), { previous: 0 }), recorded("unreachable", "plain HTTP"));
  expect(log).toContain("repository unreachable:");
  expect(log).toContain("TLS handshake");
});

test("a failure shows what restic said", () => {
  const { log } = run(checkScript(guardPlan("restore"), { previous: 0 }), answers["untrusted-certificate"]);
  expect(log).toContain("x509: certificate signed by unknown authority");
});
