// One direction through an app's backup: appBackup.ts calls the steps in the order Pulumi creates
// them, each step's module imports no later step, and the rules every step reads (guard.ts) and
// what the restore and backup share (mover.ts) import no step at all.
import * as fs from "fs";
import * as path from "path";

const dir = path.join(__dirname, "..", "..", "infra", "backups");
const steps = ["repository", "check", "restore", "backup"];
const imports = (module: string) =>
  [...fs.readFileSync(path.join(dir, `${module}.ts`), "utf8").matchAll(/from "\.\/(\w+)"/g)].map((m) => m[1]);

test("appBackup.ts calls repository → check → restore → backup, once each", () => {
  const text = fs.readFileSync(path.join(dir, "appBackup.ts"), "utf8");
  const body = text.slice(text.indexOf("export function backUpApp"));
  const calls = ["openRepository(", "checkRepository(", "restoreApp(", "backUp("].map((c) => body.indexOf(c));
  expect(calls.every((at) => at > 0)).toBe(true);
  expect([...calls].sort((a, b) => a - b)).toEqual(calls);
});

test.each(steps.map((s, i) => [s, steps.slice(i + 1)] as const))("%s imports no later step", (step, later) => {
  expect(imports(step).filter((m) => later.includes(m))).toEqual([]);
});

test.each(["guard", "mover"])("%s.ts imports no step but the repository's names", (leaf) => {
  expect(imports(leaf).filter((m) => steps.includes(m) && m !== "repository")).toEqual([]);
});
