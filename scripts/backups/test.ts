// npm run test:backups: the backups suite on the real restic (the release VolSync v0.16.0's mover
// ships) against a real S3 server (versitygw) on loopback with TLS from a CA it makes. Runs the
// repository check's script unmodified, with the check Job's environment, for each state it can
// stage, and a backup/restore round trip with the mover's options. Prints its figures; exits 1 on
// any state the check names wrongly or any difference after the round trip. See docs/backups.md.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { artifacts, binaryPath } from "../providers/artifacts";
import { buildAll, goVersion } from "../providers/build";
import { checkScript, restoreSelection } from "../../infra/backups/check";
import { guardPlan, RepositoryState } from "../../infra/backups/guard";
import { issue, makeCa } from "../pki";
import { ageRecipient } from "../../infra/backups/age";
import { answersFile, normalize, readRecording, RecordedAnswer, Recording, writeRecording } from "./answers";

const bin = (name: string) => binaryPath(artifacts.find((a) => a.binary === name)!);
const version = (name: string) => artifacts.find((a) => a.binary === name)!.version;

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string) {
  const r = spawnSync(cmd, args, { env, cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`versitygw did not listen on 127.0.0.1:${port} within the deadline`);
}

const root = { access: "suite-root", secret: "suite-root-secret" };
const other = { access: "suite-other", secret: "suite-other-secret" };
const password = "suite-password";

async function main(): Promise<number> {
  console.log("== artifacts");
  const { missing } = buildAll("backups");
  if (missing.length > 0) {
    if (!goVersion()) console.log("Go is not installed (go is not on PATH): the backups suite builds with Go 1.26.");
    console.log(`the backups suite did not run: ${missing.map((a) => a.binary).join(", ")} not built`);
    return 1;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "backups-suite-"));
  makeCa(work, "ca");
  issue(work, "server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1\n");
  const pki = {
    ca: path.join(work, "ca.crt"),
    cert: path.join(work, "server.crt"),
    key: path.join(work, "server.key"),
  };
  const data = path.join(work, "s3");
  const iam = path.join(work, "iam");
  fs.mkdirSync(data);
  fs.mkdirSync(iam);
  // A second account with no grant on root's buckets: what S3 answers for credentials without access.
  fs.writeFileSync(
    path.join(iam, "users.json"),
    JSON.stringify({
      accessAccounts: { [other.access]: { ...other, role: "user", userID: 0, groupID: 0, projectID: 0 } },
    }),
  );
  const port = await freePort();
  const gw = spawn(
    bin("versitygw"),
    [
      "--access",
      root.access,
      "--secret",
      root.secret,
      "--port",
      `127.0.0.1:${port}`,
      "--cert",
      pki.cert,
      "--key",
      pki.key,
      "--iam-dir",
      iam,
      "posix",
      data,
    ],
    { stdio: ["ignore", "ignore", fs.openSync(path.join(work, "versitygw.log"), "w")] },
  );
  try {
    await listening(port, Date.now() + 30_000);
    return await suite(work, port, pki.ca);
  } finally {
    gw.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function suite(work: string, port: number, ca: string): Promise<number> {
  const resticDir = path.dirname(bin("restic"));
  const endpoint = `s3:https://127.0.0.1:${port}`;
  // The check Job's environment (check.ts repositoryCheckJob): the Secret's keys, RESTIC_CACERT, TZ.
  const env = (repo: string, over: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = {
      PATH: `${resticDir}:/usr/bin:/bin`,
      TZ: "UTC",
      HOME: work,
      RESTIC_REPOSITORY: repo,
      RESTIC_PASSWORD: password,
      AWS_ACCESS_KEY_ID: root.access,
      AWS_SECRET_ACCESS_KEY: root.secret,
      RESTIC_CACERT: ca,
      ...over,
    };
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    return e;
  };
  const restic = (repo: string, args: string[], cwd?: string) => sh(bin("restic"), args, env(repo), cwd);

  // The bucket, a repository with snapshots, and an initialised repository with none.
  restic(`${endpoint}/volsync/healthy`, ["init"]);
  const tree = path.join(work, "data");
  stageTree(tree);
  restic(`${endpoint}/volsync/healthy`, ["backup", "--host", "volsync", "--exclude=lost+found", "."], tree);
  restic(`${endpoint}/volsync/empty`, ["init"]);

  const firstTime = JSON.parse(restic(`${endpoint}/volsync/healthy`, ["snapshots", "--json"]))[0]?.time as string;
  const closedPort = await freePort();
  // An endpoint that answers plain HTTP where the repository URL says https.
  const plain = net.createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")).listen(0, "127.0.0.1");
  await new Promise((resolve) => plain.once("listening", resolve));
  const plainPort = (plain.address() as net.AddressInfo).port;
  const cases: {
    state: RepositoryState;
    repo: string;
    env?: Record<string, string | undefined>;
    asOf?: string;
    staged?: string;
  }[] = [
    { state: "has-snapshots", repo: `${endpoint}/volsync/healthy` },
    { state: "no-match", repo: `${endpoint}/volsync/healthy`, asOf: "2001-01-01T00:00:00Z" },
    { state: "empty", repo: `${endpoint}/volsync/empty` },
    { state: "missing", repo: `${endpoint}/volsync/never-initialised` },
    { state: "bucket-missing", repo: `${endpoint}/no-such-bucket/app` },
    { state: "wrong-password", repo: `${endpoint}/volsync/healthy`, env: { RESTIC_PASSWORD: "not-the-password" } },
    {
      state: "access-denied",
      repo: `${endpoint}/volsync/healthy`,
      env: { AWS_ACCESS_KEY_ID: other.access, AWS_SECRET_ACCESS_KEY: other.secret },
    },
    {
      state: "access-denied",
      repo: `${endpoint}/volsync/healthy`,
      env: { AWS_SECRET_ACCESS_KEY: "not-the-secret" },
    },
    { state: "untrusted-certificate", repo: `${endpoint}/volsync/healthy`, env: { RESTIC_CACERT: undefined } },
    { state: "unreachable", repo: `s3:https://127.0.0.1:${closedPort}/volsync/healthy` },
    { state: "unreachable", repo: `s3:https://127.0.0.1:${plainPort}/volsync/healthy`, staged: "plain HTTP" },
  ];
  let failures = 0;
  const recorded: RecordedAnswer[] = [];
  // The suite cuts restic off sooner than the Job does (120 s): states that retry end at the limit.
  const limit = 20;
  console.log(`\n== the repository check (snapshot of /data at ${firstTime})`);
  for (const c of cases) {
    const selection = restoreSelection(c.asOf ? { restoreAsOf: c.asOf } : {});
    const script = checkScript(guardPlan("restore"), selection, limit);
    // The Job's own /tmp (an emptyDir), where the script keeps restic's output.
    const tmp = fs.mkdtempSync(path.join(work, "job-tmp-"));
    const r = spawnSync("bash", ["--norc", "-c", script], {
      env: { ...env(c.repo, c.env), TMPDIR: tmp },
      cwd: work,
      encoding: "utf8",
    });
    const log = `${r.stdout}${r.stderr}`;
    const found = /repository ([a-z-]+):/.exec(log)?.[1];
    // What restic answered the script's own invocation, recorded for the stand-in of npm test: its
    // output files in the Job's /tmp, and its exit status as the script's log reports it (0 when
    // the log reports none: only a passing check does not).
    const read = (file: string) =>
      fs.existsSync(path.join(tmp, file)) ? fs.readFileSync(path.join(tmp, file), "utf8") : "";
    const code = /restic gave no answer within/.test(log) ? 124 : Number(/restic exited (\d+)/.exec(log)?.[1] ?? 0);
    const where = { dir: work, hosts: [port, closedPort, plainPort].map((p) => `127.0.0.1:${p}`) };
    recorded.push({
      state: c.state,
      staged: c.staged ?? (c.env ? Object.keys(c.env).join(", ") : c.asOf ? `restoreAsOf ${c.asOf}` : ""),
      code,
      stdout: normalize(read("snapshots"), where),
      stderr: normalize(read("restic.err"), where),
    });
    const ok = found === c.state;
    if (!ok) failures++;
    console.log(
      `${ok ? "ok  " : "FAIL"} ${c.state}${c.env ? ` (${Object.keys(c.env).join(", ")})` : ""}: check said ${found ?? "nothing"}, exit ${r.status}`,
    );
    if (!ok)
      console.log(
        log
          .split("\n")
          .map((l) => `     ${l}`)
          .join("\n"),
      );
  }

  plain.close();
  console.log("\n== restic's answers, as the stand-in of npm test replays them (tests/backups/restic-answers.json)");
  const recording: Recording = {
    restic: version("restic"),
    server: `versitygw ${version("versitygw")}`,
    answers: recorded,
  };
  const answersOk = compareRecording(recording);

  console.log("\n== the etcd snapshots' age recipient (infra/backups/age.ts) against age itself");
  const ageOk = ageAgrees(work);

  console.log("\n== round trip with the mover's options");
  const roundTrip = roundTripIdentical(work, tree, (args, cwd) => restic(`${endpoint}/volsync/healthy`, args, cwd));
  console.log(roundTrip ? "round trip identical" : "FAIL round trip differs");
  console.log(
    `\nrestic ${version("restic")} against versitygw ${version("versitygw")}: ${cases.length - failures} of ${cases.length} states checked, ` +
      `round trip ${roundTrip ? "identical" : "differs"}`,
  );
  console.log(`age ${version("age")}: recipient ${ageOk ? "derived as age derives it" : "differs (above)"}`);
  return failures === 0 && roundTrip && answersOk && ageOk ? 0 : 1;
}

/**
 * For identities age-keygen makes, the program's recipient is the one `age-keygen -y` prints, and
 * a file encrypted to it by `age` is decrypted by the identity: what talos-backup does with it,
 * and what the etcd recovery runbook does.
 */
function ageAgrees(work: string): boolean {
  let ok = true;
  for (let i = 0; i < 3; i++) {
    const key = path.join(work, `age-${i}.key`);
    sh(bin("age-keygen"), ["-o", key]);
    const identity = fs
      .readFileSync(key, "utf8")
      .split("\n")
      .find((l) => l.startsWith("AGE-SECRET-KEY-1"))!;
    const byAge = sh(bin("age-keygen"), ["-y", key]).trim();
    const ours = ageRecipient(identity);
    const plain = path.join(work, `snapshot-${i}`);
    fs.writeFileSync(plain, `etcd snapshot ${i}\n`);
    sh(bin("age"), ["-r", ours, "-o", `${plain}.age`, plain]);
    const back = sh(bin("age"), ["-d", "-i", key, `${plain}.age`]);
    const agrees = ours === byAge && back === `etcd snapshot ${i}\n`;
    if (!agrees)
      console.log(`FAIL identity ${i}: ours ${ours}, age-keygen -y ${byAge}, decrypted ${JSON.stringify(back)}`);
    ok &&= agrees;
  }
  return ok;
}

/** The recording must equal the committed one; `--record` writes it instead. */
function compareRecording(recording: Recording): boolean {
  if (process.argv.includes("--record")) {
    writeRecording(recording);
    console.log(`recorded ${recording.answers.length} answers in ${answersFile}`);
    return true;
  }
  const committed = fs.existsSync(answersFile) ? readRecording() : undefined;
  const show = (r: RecordedAnswer) => JSON.stringify(r, null, 2);
  let same = committed !== undefined && committed.restic === recording.restic && committed.server === recording.server;
  for (const [i, r] of recording.answers.entries()) {
    const was = committed?.answers[i];
    if (was && show(was) === show(r)) continue;
    same = false;
    console.log(
      `FAIL ${r.state} (${r.staged || "as staged"}): restic now answers\n${show(r)}\nthe stand-in replays\n${was ? show(was) : "(nothing)"}`,
    );
  }
  if (committed && committed.answers.length !== recording.answers.length) same = false;
  console.log(
    same
      ? `${recording.answers.length} answers equal the stand-in's`
      : "the stand-in's answers differ from restic's: npm run test:backups -- --record, and review the diff",
  );
  return same;
}

/** A tree with what restores must keep: modes 0700/0600/0755, owners, a symlink, an empty directory. */
function stageTree(tree: string): void {
  fs.mkdirSync(path.join(tree, "pgdata"), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(tree, "pgdata", "PG_VERSION"), "16\n", { mode: 0o600 });
  fs.writeFileSync(path.join(tree, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(tree, "private.key"), "key\n", { mode: 0o600 });
  fs.writeFileSync(path.join(tree, "deleted-later"), "gone\n");
  fs.mkdirSync(path.join(tree, "empty"));
  fs.symlinkSync("pgdata/PG_VERSION", path.join(tree, "link"));
  for (const p of ["pgdata", "pgdata/PG_VERSION", "private.key"]) fs.chownSync(path.join(tree, p), 999, 999);
  fs.chownSync(path.join(tree, "run.sh"), 1000, 100);
  fs.chmodSync(path.join(tree, "pgdata"), 0o700);
}

/** Every entry's path, type, mode, owner, link target and content digest, sorted. */
function manifest(dir: string): string {
  return sh(
    "bash",
    [
      "--norc",
      "-c",
      "find . -mindepth 1 -printf '%p %y %m %U:%G %l\\n' | sort; find . -type f -print0 | sort -z | xargs -0 sha256sum",
    ],
    process.env,
    dir,
  );
}

function roundTripIdentical(work: string, tree: string, restic: (args: string[], cwd?: string) => string): boolean {
  // The state that is backed up last: a file deleted since the first snapshot.
  fs.rmSync(path.join(tree, "deleted-later"));
  restic(["backup", "--host", "volsync", "--exclude=lost+found", "."], tree);
  const expected = manifest(tree);
  const latest = JSON.parse(restic(["snapshots", "--json", "--latest", "1"]))[0].id as string;
  // The claim being restored into holds a stale file: --delete (enableFileDeletion) removes it.
  const target = path.join(work, "restored");
  fs.mkdirSync(target);
  fs.writeFileSync(path.join(target, "deleted-later"), "stale\n");
  // VolSync v0.16.0 mover-restic/entry.sh do_restore: restore <id> -t . --host volsync --include-xattr "user.*", plus --delete.
  restic(["restore", latest, "-t", ".", "--host", "volsync", "--include-xattr", "user.*", "--delete"], target);
  const actual = manifest(target);
  if (actual !== expected) console.log(`expected:\n${expected}\nrestored:\n${actual}`);
  return actual === expected;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
