// How `pulumi up` learns it needs the Talos plugin: the Node.js language host reads "pulumi"
// blocks from package.json files under node_modules. Our marker package must be there as a real
// directory (a symlink into infra/ would be skipped: the walk visits infra/ first, then skips the
// already-visited target), with the same version and server as every registration.
import * as fs from "fs";
import * as path from "path";
import { talosPlugin } from "../../../infra/providers/talos/plugin";
import { repoRoot } from "../../../planner/stackFile";

const read = (p: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, p), "utf8"));
const expected = { resource: true, name: "talos", version: talosPlugin.version, server: talosPlugin.pluginDownloadURL };

describe("Talos plugin acquisition", () => {
  it("the marker package announces plugin talos at the bindings' version and server", () => {
    expect(read("infra/providers/talos/plugin-package/package.json").pulumi).toEqual(expected);
  });

  it("package.json depends on it as a file: package and .npmrc makes npm copy, not link, it", () => {
    expect(read("package.json").dependencies["portkey-talos-plugin"]).toBe("file:infra/providers/talos/plugin-package");
    expect(fs.readFileSync(path.join(repoRoot, ".npmrc"), "utf8")).toMatch(/^install-links=true$/m);
  });

  it("node_modules holds a real copy (not a symlink) with the same pulumi block, and the lock file records it", () => {
    const installed = path.join(repoRoot, "node_modules", "portkey-talos-plugin");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(read("node_modules/portkey-talos-plugin/package.json").pulumi).toEqual(expected);
    const lock = read("package-lock.json").packages["node_modules/portkey-talos-plugin"];
    expect([lock.version, lock.resolved, lock.link]).toEqual([
      talosPlugin.version,
      "file:infra/providers/talos/plugin-package",
      undefined,
    ]);
  });
});
