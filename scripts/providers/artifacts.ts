// What the provider suite runs: the two provider plugins the program pins, and our Talos config
// generator and validator, each built from Go modules into a cache outside the repository.
// `npm run providers:build` builds them; `npm run test:providers` finds them here.
// See docs/providers.md.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { talosProviderVersion } from "../../infra/versions";

export const repoRoot = path.resolve(__dirname, "..", "..");

export interface Artifact {
  /** The executable's name, e.g. "pulumi-resource-talos". */
  binary: string;
  /** The version it is built at (what the program pins). */
  version: string;
  /** Our Go module that builds it, relative to the repository; absent when there is none yet. */
  module?: string;
  /** The package `go build` builds inside the module, when it is not the module's own (a `tool` line). */
  package?: string;
  /** `-ldflags` the upstream release build sets and the binary needs (its version, most often). */
  ldflags?: string;
  /** Which suite runs it: `npm run test:providers` or `npm run test:backups`. */
  suite: "providers" | "backups";
  /** Why there is no module yet: said whenever the artifact is asked for. */
  blocked?: string;
}

/** The version a module of ours requires of `modulePath` (its go.mod). */
export function requiredVersion(module: string, modulePath: string): string {
  const goMod = fs.readFileSync(path.join(repoRoot, module, "go.mod"), "utf8");
  const line = new RegExp(
    `^\\s*(?:require\\s+)?${modulePath.replace(/[.]/g, "\\.")} (v\\S+)(?: // indirect)?$`,
    "m",
  ).exec(goMod);
  if (!line) throw new Error(`${module}/go.mod does not require ${modulePath}`);
  return line[1];
}

const proxmoxveSdkVersion: string = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"))
  .dependencies["@muhlba91/pulumi-proxmoxve"];

/** The Talos machinery version a Go module of ours requires (its go.mod). */
export function machineryVersion(module: string): string {
  return requiredVersion(module, "github.com/siderolabs/talos/pkg/machinery");
}

/**
 * The Talos machinery each Talos plugin release generates machine configs with, which
 * tools/talos-generate must require while it stands in for the plugin. 0.8.1: pulumiverse/pulumi-talos
 * v0.8.1 provider/go.mod (terraform-provider-talos v0.11.0 requires the same). Record the next
 * release's here, and move tools/talos-generate to it, with talosProviderVersion.
 */
export const talosPluginMachinery: Record<string, string> = { "0.8.1": "v1.13.0" };

const bpgVersion = requiredVersion("tools/proxmox-provider", "github.com/bpg/terraform-provider-proxmox");
const versitygwVersion = requiredVersion("tools/versitygw", "github.com/versity/versitygw");

export const artifacts: Artifact[] = [
  {
    binary: "pulumi-resource-talos",
    version: talosProviderVersion,
    suite: "providers",
    blocked:
      "the Go module proxy answers 403 for github.com/pulumiverse/pulumi-talos/provider (v0.8.1 = 1b5d2525bc89) " +
      "and for its upstream github.com/siderolabs/terraform-provider-talos v0.11.0",
  },
  {
    binary: "pulumi-resource-proxmoxve",
    version: proxmoxveSdkVersion,
    suite: "providers",
    blocked:
      "the Go module proxy answers 403 for github.com/muhlba91/pulumi-proxmoxve/provider " +
      "(its upstream, terraform-provider-proxmox below, runs instead)",
  },
  {
    binary: "talos-generate",
    version: machineryVersion("tools/talos-generate"),
    module: "tools/talos-generate",
    suite: "providers",
  },
  {
    binary: "talos-validate",
    version: machineryVersion("tools/talos-validate"),
    module: "tools/talos-validate",
    suite: "providers",
  },
  // The Terraform provider @muhlba91/pulumi-proxmoxve bridges (docs/providers.md: which release),
  // and OpenTofu to run its validation and plan. goreleaser's default ldflags set main.version;
  // OpenTofu's release build marks itself as not a development build.
  {
    binary: "terraform-provider-proxmox",
    version: bpgVersion,
    module: "tools/proxmox-provider",
    package: "github.com/bpg/terraform-provider-proxmox",
    ldflags: `-X main.version=${bpgVersion.replace(/^v/, "")}`,
    suite: "providers",
  },
  {
    binary: "tofu",
    version: requiredVersion("tools/tofu", "github.com/opentofu/opentofu"),
    module: "tools/tofu",
    package: "github.com/opentofu/opentofu/cmd/tofu",
    ldflags: "-X github.com/opentofu/opentofu/version.dev=no",
    suite: "providers",
  },
  // The restic VolSync v0.16.0's mover image ships (mover-restic/SOURCE_VERSIONS at the tag: v0.18.1).
  {
    binary: "restic",
    version: requiredVersion("tools/restic", "github.com/restic/restic"),
    module: "tools/restic",
    package: "github.com/restic/restic/cmd/restic",
    suite: "backups",
  },
  // age, to check the etcd snapshots' recipient the program derives from its identity
  // (infra/backups/age.ts) against age's own, and to encrypt to it and decrypt.
  ...["age-keygen", "age"].map((binary): Artifact => ({
    binary,
    version: requiredVersion("tools/age", "filippo.io/age"),
    module: "tools/age",
    package: `filippo.io/age/cmd/${binary}`,
    suite: "backups",
  })),
  // A real S3 server on loopback for the backups suite; its release build sets main.Version.
  {
    binary: "versitygw",
    version: versitygwVersion,
    module: "tools/versitygw",
    package: "github.com/versity/versitygw/cmd/versitygw",
    ldflags: `-X main.Version=${versitygwVersion}`,
    suite: "backups",
  },
];

/** The cache directory of one artifact: ~/.cache/portkey/providers/<binary>-<version>/. */
export function cacheDir(a: Artifact): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "portkey", "providers", `${a.binary}-${a.version}`);
}

export function binaryPath(a: Artifact): string {
  return path.join(cacheDir(a), a.binary);
}
