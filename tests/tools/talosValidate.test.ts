// The Talos validator (tools/talos-validate) must judge configs with the machinery the nodes run,
// and Renovate must move it with them. Reads files only: `npm test` needs no Go.
import * as fs from "fs";
import * as path from "path";
import { talosVersion } from "../../infra/versions";

const root = path.join(__dirname, "..", "..");
const machinery = "github.com/siderolabs/talos/pkg/machinery";

describe("tools/talos-validate", () => {
  test("requires the Talos machinery at the version the nodes run (infra/versions.ts talosVersion)", () => {
    const goMod = fs.readFileSync(path.join(root, "tools", "talos-validate", "go.mod"), "utf8");
    const required = [...goMod.matchAll(/^\s*github\.com\/siderolabs\/talos\/pkg\/machinery (\S+)$/gm)].map(
      (m) => m[1],
    );
    expect(required).toEqual([talosVersion]);
  });

  test("Renovate updates its machinery in the Talos group, with go mod tidy", () => {
    const renovate = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8")) as {
      packageRules: Array<{
        matchManagers?: string[];
        matchFileNames?: string[];
        matchPackageNames?: string[];
        matchDepNames?: string[];
        groupName?: string;
        postUpdateOptions?: string[];
      }>;
    };
    const rule = renovate.packageRules.find((r) => r.matchFileNames?.includes("tools/talos-validate/go.mod"));
    const talos = renovate.packageRules.find((r) => r.matchDepNames?.includes("siderolabs/talos"))!;
    expect(rule).toMatchObject({
      matchPackageNames: [machinery],
      groupName: talos.groupName,
      postUpdateOptions: ["gomodTidy"],
    });
  });
});
