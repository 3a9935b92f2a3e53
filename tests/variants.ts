// Plans of code variants, as a pull request would make them: the program rendered with a module of
// its own replaced (a version bumped in infra/versions.ts, an extension added). Each render loads
// the program afresh; the provider SDKs are loaded once per test file and shared (the program's
// modules are what a variant changes, and loading the SDKs again costs a second each).
import * as path from "path";
import type { Plan } from "../planner/plan";
import type { RenderOptions } from "../planner/render";

const root = path.join(__dirname, "..");

/** The SDK modules the program and the planner load, by the names they load them with. */
const sharedModules = [
  "@pulumi/pulumi",
  "@pulumi/pulumi/runtime/mocks",
  "@pulumi/pulumi/runtime/settings",
  "@pulumi/kubernetes",
  "@pulumi/command",
  "@pulumi/random",
  "@muhlba91/pulumi-proxmoxve",
];

/** The program's plan with `module` (a path from the repository root, e.g. "infra/versions") changed. */
export async function renderWithModule<T extends object>(
  module: string,
  change: (actual: T) => Partial<T>,
  options: RenderOptions = {},
): Promise<Plan> {
  const file = path.join(root, module);
  let plan: Plan | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = sharedModules.map((id) => [id, require(id)] as const);
  await jest.isolateModulesAsync(async () => {
    for (const [id, loaded] of shared) jest.doMock(id, () => loaded);
    jest.doMock(file, () => {
      const actual = jest.requireActual(file) as T;
      return { ...actual, ...change(actual) };
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderProgram } = require("../planner/program") as typeof import("../planner/program");
    plan = await renderProgram(options);
  });
  jest.dontMock(file);
  for (const [id] of shared) jest.dontMock(id);
  return plan!;
}

/** The program's plan with some versions of infra/versions.ts changed, as a Renovate or revert commit would. */
export function renderWithVersions(
  changed: { [K in keyof typeof import("../infra/versions")]?: string },
  options: RenderOptions = {},
): Promise<Plan> {
  return renderWithModule<Record<string, string>>("infra/versions", () => changed as Record<string, string>, options);
}
