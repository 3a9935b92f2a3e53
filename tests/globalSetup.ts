// Renders the program's plans that many test files read, once per test run: the prod inventory as a
// preview sees it, as `pulumi up` runs it, and with the Talos kubeconfig unknown (the first preview
// of an empty site, or a preview inside the kubeconfig's renewal window). tests/plans.ts reads them.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { renderProgram } from "../planner/program";
import { talosTokens } from "../infra/tokens";

export default async function globalSetup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-plans-"));
  const write = async (name: string, plan: Promise<unknown>) =>
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(await plan));
  await write("prod", renderProgram());
  await write("up", renderProgram({ preview: false }));
  await write("kubeconfigUnknown", renderProgram({ unknown: { [talosTokens.kubeconfig]: ["kubeconfigRaw"] } }));
  process.env.PORTKEY_TEST_PLANS = dir;
}
