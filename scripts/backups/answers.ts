// What the real restic answers the repository check, per state: recorded by the backups suite
// (npm run test:backups) from restic v0.18.1 against versitygw, kept in tests/backups/, and read by
// the stand-in restic of `npm test` (tests/backups/check.test.ts), so the stand-in prints what
// restic printed. The suite compares each run's answers with the file and fails when they differ;
// `npm run test:backups -- --record` rewrites it. What varies from run to run is normalised: the
// endpoint, the suite's directory, times, ids, retry delays and counts, and how often a retried
// error repeats before the check's timeout.
import * as fs from "fs";
import * as path from "path";
import type { RepositoryState } from "../../infra/backups/guard";
import { repoRoot } from "../providers/artifacts";

export const answersFile = path.join(repoRoot, "tests", "backups", "restic-answers.json");

/** One invocation of `restic snapshots --json --no-lock --no-cache` as the check makes it. */
export interface RecordedAnswer {
  /** The state the check must name for this answer. */
  state: RepositoryState;
  /** What the suite changed in the Job's environment to stage it ("" for none). */
  staged: string;
  /** restic's exit status under the check's `timeout` (124: cut off while retrying). */
  code: number;
  stdout: string;
  stderr: string;
}

export interface Recording {
  restic: string;
  server: string;
  answers: RecordedAnswer[];
}

/** Placeholders the stand-in fills: where the repository is, and snapshot times and ids. */
export const placeholders = {
  endpoint: "{endpoint}",
  dir: "{dir}",
  time: "{time}",
  id: "{id}",
  shortId: "{short_id}",
  tree: "{tree}",
  delay: "{delay}",
};

/** restic's output with what varies between runs replaced by placeholders. */
export function normalize(text: string, where: { dir: string; hosts: string[] }): string {
  if (text.trim().startsWith("[")) return normalizeListing(text, where);
  let out = text.split(where.dir).join(placeholders.dir);
  for (const host of where.hosts) out = out.split(host).join(placeholders.endpoint);
  out = out.replace(/retrying after [0-9.]+(?:ns|µs|ms|s|m)/g, `retrying after ${placeholders.delay}`);
  // A retried error repeats until the timeout; how often depends on the delays.
  const lines = out.split("\n");
  return lines.filter((line, i) => i === 0 || line !== lines[i - 1]).join("\n");
}

function normalizeListing(text: string, where: { dir: string }): string {
  const snapshots = JSON.parse(text) as Record<string, unknown>[];
  const shaped = snapshots.map((s) => ({
    ...s,
    time: placeholders.time,
    tree: placeholders.tree,
    paths: (s.paths as string[]).map((p) => p.split(where.dir).join(placeholders.dir)),
    // Counts and sizes follow the staged files' times; the check reads none of them.
    summary: Object.fromEntries(
      Object.entries(s.summary as Record<string, unknown>).map(([k, v]) => [
        k,
        typeof v === "number" ? 0 : placeholders.time,
      ]),
    ),
    id: placeholders.id,
    short_id: placeholders.shortId,
  }));
  return `${JSON.stringify(shaped)}\n`;
}

export function readRecording(): Recording {
  return JSON.parse(fs.readFileSync(answersFile, "utf8")) as Recording;
}

export function writeRecording(recording: Recording): void {
  fs.writeFileSync(answersFile, `${JSON.stringify(recording, null, 2)}\n`);
}

/**
 * A recorded answer as a site would see it: the endpoint and directory filled in, and a listing
 * with one snapshot per time (RFC 3339, as restic prints them).
 */
export function instantiate(answer: RecordedAnswer, fill: { endpoint: string; times?: string[] }) {
  const text = (t: string) => t.split(placeholders.endpoint).join(fill.endpoint).split(placeholders.dir).join("");
  let stdout = text(answer.stdout);
  if (answer.stdout.trim().startsWith("[")) {
    const [template] = JSON.parse(answer.stdout) as Record<string, unknown>[];
    const snapshots = template
      ? (fill.times ?? []).map((time, i) => {
          const hex = String(i % 10).repeat(64);
          const s = JSON.parse(JSON.stringify(template).split(placeholders.time).join(time)) as Record<string, unknown>;
          return { ...s, tree: hex, id: hex, short_id: hex.slice(0, 8), paths: (s.paths as string[]).map(text) };
        })
      : [];
    stdout = `${JSON.stringify(snapshots)}\n`;
  }
  return { code: answer.code, stdout, stderr: text(answer.stderr).split(placeholders.delay).join("1.5s") };
}
