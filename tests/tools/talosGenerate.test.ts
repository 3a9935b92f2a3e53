// The Talos config generator (tools/talos-generate) stands in for the Talos plugin's
// getConfiguration, so it must generate with the machinery the pinned plugin is built with.
// Reads files only: `npm test` needs no Go.
import * as fs from "fs";
import * as path from "path";
import { talosProviderVersion } from "../../infra/versions";
import { machineryVersion, talosPluginMachinery } from "../../scripts/providers/artifacts";

const root = path.join(__dirname, "..", "..");

describe("tools/talos-generate", () => {
  test("requires the machinery the pinned Talos plugin generates with (talosPluginMachinery[talosProviderVersion])", () => {
    expect(machineryVersion("tools/talos-generate")).toBe(talosPluginMachinery[talosProviderVersion]);
  });

  test("Renovate leaves its go.mod alone: the plugin release decides its machinery", () => {
    const renovate = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8")) as {
      packageRules: Array<{ matchFileNames?: string[]; enabled?: boolean }>;
    };
    const rules = renovate.packageRules.filter((r) => r.matchFileNames?.includes("tools/talos-generate/go.mod"));
    expect(rules).toEqual([
      expect.objectContaining({ matchFileNames: ["tools/talos-generate/go.mod"], enabled: false }),
    ]);
  });
});
