// Which bpg release @muhlba91/pulumi-proxmoxve bridges, shown rather than assumed: every resource
// of the provider's schema has an SDK class, and the class's input names are exactly the schema's
// settable attributes and blocks under the bridge's names (terraform.ts). A release that adds or
// drops an input (v0.112.0 added backup jobs' `exclude`) shows as a difference.
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./artifacts";
import { pulumiNames, TfAttribute, TfProviderSchema } from "./terraform";

const camelOf = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const sdkDir = path.join(repoRoot, "node_modules", "@muhlba91", "pulumi-proxmoxve");

/** The SDK file and Args interface of a Terraform type (pulumi-proxmoxve provider/resources.go convertName). */
export function sdkClass(type: string): { file: string; args: string } {
  const legacy = type.startsWith("proxmox_virtual_environment_");
  const parts = type.replace(/^proxmox_(virtual_environment_)?/, "").split("_");
  const last = parts.pop()!;
  const name = `${last}${legacy ? "Legacy" : ""}`;
  const pascal = name[0].toUpperCase() + name.slice(1);
  return { file: path.join(sdkDir, ...parts, `${name}.d.ts`), args: `${pascal}Args` };
}

/** The top-level input names of an SDK Args interface. */
export function sdkArgs(file: string, args: string): string[] | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(`export interface ${args} {`);
  if (start < 0) return undefined;
  const body = text.slice(start, text.indexOf("\n}", start));
  return [...body.matchAll(/^ {4}(\w+)\??: /gm)].map((m) => m[1]).sort();
}

export interface SdkComparison {
  compared: number;
  /** "<type>: <what differs>", one line per resource that differs. */
  differences: string[];
}

/** Compares every resource of the schema with the SDK's class for it. */
export function compareSdk(schema: TfProviderSchema): SdkComparison {
  const differences: string[] = [];
  let compared = 0;
  for (const [type, { block }] of Object.entries(schema.resource_schemas).sort(([a], [b]) => a.localeCompare(b))) {
    const { file, args } = sdkClass(type);
    const sdk = sdkArgs(file, args);
    if (!sdk) {
      differences.push(`${type}: no ${args} in ${path.relative(sdkDir, file)}`);
      continue;
    }
    compared++;
    const tf = pulumiNames(block);
    // A resource's own id (documented, settable) is an SDK input under a name of the SDK's:
    // `resourceId` (the provider's resourceIDOverrides, provider/resources.go) or tfbridge's
    // `<resource>Id`. The id SDKv2 adds to every resource (undocumented) is none.
    const id = block.attributes?.id as (TfAttribute & { description?: string }) | undefined;
    if (id?.description !== undefined && (id.optional || id.required)) {
      const names = ["resourceId", `${camelOf(type.replace(/^proxmox_(virtual_environment_)?/, ""))}Id`];
      const found = names.filter((n) => sdk.includes(n));
      if (found.length === 1) tf.push(found[0]);
      else tf.push(names[0]);
    }
    const onlySdk = sdk.filter((n) => !tf.includes(n));
    const onlyTf = tf.filter((n) => !sdk.includes(n));
    if (onlySdk.length + onlyTf.length > 0)
      differences.push(
        `${type}: ${[...onlySdk.map((n) => `SDK input ${n} not in the schema`), ...onlyTf.map((n) => `schema's ${n} not an SDK input`)].join(", ")}`,
      );
  }
  return { compared, differences };
}
