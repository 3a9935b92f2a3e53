// Plans of code variants, as a pull request would make them: the program rendered with a module of
// its own replaced (a version bumped in infra/versions.ts, an extension added). Each render loads
// the program and Pulumi's SDK afresh, so keep them few.
import * as path from "path";
import type { Plan } from "../planner/plan";
import type { RenderOptions } from "../planner/render";

const root = path.join(__dirname, "..");

/** The program's plan with `module` (a path from the repository root, e.g. "infra/versions") changed. */
export async function renderWithModule<T extends object>(
  module: string,
  change: (actual: T) => Partial<T>,
  options: RenderOptions = {},
): Promise<Plan> {
  const file = path.join(root, module);
  let plan: Plan | undefined;
  await jest.isolateModulesAsync(async () => {
    jest.doMock(file, () => {
      const actual = jest.requireActual(file) as T;
      return { ...actual, ...change(actual) };
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderProgram } = require("../planner/program") as typeof import("../planner/program");
    plan = await renderProgram(options);
  });
  jest.dontMock(file);
  return plan!;
}

/** The program's plan with some versions of infra/versions.ts changed, as a Renovate or revert commit would. */
export function renderWithVersions(
  changed: { [K in keyof typeof import("../infra/versions")]?: string },
  options: RenderOptions = {},
): Promise<Plan> {
  return renderWithModule<Record<string, string>>("infra/versions", () => changed as Record<string, string>, options);
}
