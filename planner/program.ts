// The real program (index.ts) as the planner runs it: the module exports its main function, which
// the Node.js language host calls and awaits (pulumi sdk/nodejs cmd/run/run.ts); so does the planner,
// once per render, without loading the module again.
import * as path from "path";
import type { Plan } from "./plan";
import { render, renderOutcome, RenderOptions, Outcome } from "./render";
import { repoRoot } from "./stackFile";

export const programEntry = path.join(repoRoot, "index.ts");

function main(): () => unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(programEntry) as () => unknown;
}

/** The offline plan of index.ts for an inventory (Pulumi.prod.yaml's by default). */
export function renderProgram(options: RenderOptions = {}): Promise<Plan> {
  return render(main(), options);
}

/** The same, returning what was planned before a failure together with the error. */
export function renderProgramOutcome(options: RenderOptions = {}): Promise<Outcome> {
  return renderOutcome(main(), options);
}
