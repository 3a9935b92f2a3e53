// npm run test:time [-- --runs N]: how long `npm test` takes here, as a figure, not a timed test.
// Runs the suite N times (default 3) and prints each wall time, the median, the machine's cores and
// the goal (under 25 s on 2 cores). Exits 1 only when a run fails, never on time.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const goalSeconds = 25;

function runs(args: string[]): number {
  const at = args.indexOf("--runs");
  const value = at >= 0 ? Number(args[at + 1]) : 3;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--runs must be a positive integer, not ${args[at + 1]}`);
  return value;
}

function main(): number {
  const count = runs(process.argv.slice(2));
  const root = path.join(__dirname, "..");
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "test-time-")), "results.json");
  const seconds: number[] = [];
  let tests = 0;
  for (let i = 1; i <= count; i++) {
    const start = process.hrtime.bigint();
    const jest = spawnSync("npx", ["jest", "--silent", "--json", `--outputFile=${results}`], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e9;
    if (jest.status !== 0) {
      console.error(`${jest.stderr}\nrun ${i}: npm test failed (exit ${jest.status}); no figure`);
      return 1;
    }
    tests = (JSON.parse(fs.readFileSync(results, "utf8")) as { numPassedTests: number }).numPassedTests;
    seconds.push(wall);
    console.log(`run ${i}: ${wall.toFixed(1)} s`);
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
  const cores = os.availableParallelism();
  console.log(
    `npm test: ${tests} tests, median ${median.toFixed(1)} s wall over ${count} run(s) on ${cores} core(s) ` +
      `(goal: under ${goalSeconds} s on 2 cores)`,
  );
  return 0;
}

process.exit(main());
