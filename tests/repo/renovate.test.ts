// Renovate's regex manager understands every pin in infra/versions.ts.
import * as fs from "fs";
import * as path from "path";
import { talosKubernetesRange } from "../../infra/talos/upgradeOrder";
import { kubernetesVersion, talosVersion } from "../../infra/versions";

const root = path.join(__dirname, "..", "..");
const renovate = JSON.parse(fs.readFileSync(path.join(root, "renovate.json"), "utf8")) as {
  customManagers: Array<{ managerFilePatterns: string[]; matchStrings: string[]; depNameTemplate?: string }>;
  packageRules: Array<{
    matchPackageNames?: string[];
    matchDepNames?: string[];
    allowedVersions?: string;
    groupName?: string;
    automerge?: boolean;
    matchFileNames?: string[];
    enabled?: boolean;
  }>;
};
const versionsText = fs.readFileSync(path.join(root, "infra", "versions.ts"), "utf8");

describe("renovate", () => {
  const [manager] = renovate.customManagers;

  test("the regex manager's file pattern selects infra/versions.ts", () => {
    const pattern = manager.managerFilePatterns[0];
    expect(new RegExp(pattern.slice(1, -1)).test("infra/versions.ts")).toBe(true);
  });

  test("every export in infra/versions.ts is matched with its datasource, depName and exact value", () => {
    const exports = [...versionsText.matchAll(/^export const (\w+) = "([^"]+)";$/gm)];
    // The config contract is moved only on purpose (infra/versions.ts says why): no marker.
    const exported = exports.filter((m) => m[1] !== "talosConfigContract").map((m) => m[2]);
    const matches = [...versionsText.matchAll(new RegExp(manager.matchStrings[0], "g"))].map((m) => m.groups!);
    expect(exports.length).toBeGreaterThanOrEqual(14);
    expect(matches.map((g) => g.currentValue)).toEqual(exported);
    for (const g of matches) {
      expect(g.datasource).toMatch(/^(github-releases|helm|docker|github-tags)$/);
      expect(g.depName).toMatch(/^\S+$/);
      if (g.datasource === "helm") expect(g.registryUrl).toMatch(/^https:\/\//);
    }
    const talosProvider = matches.find((g) => g.depName === "pulumiverse/pulumi-talos")!;
    expect(talosProvider.extractVersion).toBe("^v(?<version>.*)$");
  });

  test("TypeScript stays below 7 and the @pulumi packages are one group", () => {
    expect(renovate.packageRules.find((r) => r.matchPackageNames?.includes("typescript"))!.allowedVersions).toBe("<7");
    expect(renovate.packageRules.find((r) => r.matchPackageNames?.includes("@pulumi/**"))!.groupName).toBe("pulumi");
  });

  test("Kubernetes comes alone, never automerged, and only in the range the pinned Talos supports", () => {
    const rule = renovate.packageRules.find((r) => r.matchDepNames?.includes("kubernetes/kubernetes"))!;
    expect(rule.matchDepNames).toEqual(["kubernetes/kubernetes"]);
    expect(rule.automerge).toBe(false);
    const nextMinor = Number(talosKubernetesRange.max.split(".")[1]) + 1;
    expect(rule.allowedVersions).toBe(`<1.${nextMinor}.0`);
    const talos = renovate.packageRules.find((r) => r.matchDepNames?.includes("siderolabs/talos"))!;
    expect([talos.matchDepNames, talos.automerge]).toEqual([["siderolabs/talos"], false]);
  });

  test("the pinned Talos supports the pinned Kubernetes", () => {
    expect(talosVersion.startsWith(`${talosKubernetesRange.talos}.`)).toBe(true);
    const [major, minor, patch] = kubernetesVersion.replace(/^v/, "").split(".").map(Number);
    const [minMajor, minMinor] = talosKubernetesRange.min.split(".").map(Number);
    const [maxMajor, maxMinor, maxPatch] = talosKubernetesRange.max.split(".").map(Number);
    const at = (a: number, b: number, c: number) => a * 1e6 + b * 1e3 + c;
    expect(at(major, minor, patch)).toBeGreaterThanOrEqual(at(minMajor, minMinor, 0));
    expect(at(major, minor, patch)).toBeLessThanOrEqual(at(maxMajor, maxMinor, maxPatch));
  });

  test("Renovate never proposes the mis-published @pulumi/command 4.5.0", () => {
    const rule = renovate.packageRules.find((r) => r.matchPackageNames?.includes("@pulumi/command"))!;
    expect(rule.allowedVersions).toBe("!/^4\\.5\\.0$/");
  });

  test("the Talos plugin marker package's two versions move with talosProviderVersion, as the same dependency", () => {
    const marker = renovate.customManagers.find((m) =>
      m.managerFilePatterns.some((p) => p.includes("plugin-package")),
    )!;
    const file = "infra/providers/talos/plugin-package/package.json";
    expect(new RegExp(marker.managerFilePatterns[0].slice(1, -1)).test(file)).toBe(true);
    const found = [...fs.readFileSync(path.join(root, file), "utf8").matchAll(new RegExp(marker.matchStrings[0], "g"))];
    const pinned = /talosProviderVersion = "([^"]+)"/.exec(versionsText)![1];
    expect(found.map((m) => m.groups!.currentValue)).toEqual([pinned, pinned]);
    expect(marker.depNameTemplate).toBe("pulumiverse/pulumi-talos");
  });

  test("bpg's provider moves with the SDK that bridges it, in one group, and restic only with VolSync", () => {
    const rules = renovate.packageRules;
    const bpg = rules.find((r) => r.matchFileNames?.includes("tools/proxmox-provider/go.mod"))!;
    const sdk = rules.find((r) => r.matchPackageNames?.includes("@muhlba91/pulumi-proxmoxve"))!;
    expect(bpg.groupName).toBe(sdk.groupName);
    expect(rules.find((r) => r.matchFileNames?.includes("tools/restic/go.mod"))!.enabled).toBe(false);
  });
});
