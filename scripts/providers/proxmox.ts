// The Proxmox part of the provider suite: every proxmoxve resource of an offline plan, written as
// the Terraform configuration the bridge hands bpg's provider (terraform.ts), then validated and
// planned by that provider under OpenTofu, offline: `-refresh=false`, an endpoint on loopback with
// nothing listening, a placeholder token. Any error names the resource, its node and the field.
// See docs/providers.md, "The Proxmox provider".
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import type { Plan, PlanResource } from "../../planner/plan";
import { artifacts, binaryPath } from "./artifacts";
import { terraformType, TfProviderSchema, toTerraform } from "./terraform";

export const providerSource = "bpg/proxmox";
const providerAddress = `registry.opentofu.org/${providerSource}`;

/** The two built tools: bpg's provider and OpenTofu. */
export interface ProxmoxTools {
  provider: string;
  tofu: string;
}

export function proxmoxTools(): ProxmoxTools {
  const of = (binary: string) => binaryPath(artifacts.find((a) => a.binary === binary)!);
  return { provider: of("terraform-provider-proxmox"), tofu: of("tofu") };
}

/** One proxmoxve resource of a plan as Terraform sees it. */
export interface TfResource {
  /** "<type>.<name>", the Terraform address. */
  address: string;
  type: string;
  /** The Pulumi resource's name, also its Terraform name. */
  name: string;
  /** The Proxmox host(s) it is on: nodeName, or each map entry's node. */
  nodes: string[];
  /** The Pulumi inputs it came from. */
  inputs: Record<string, unknown>;
  body: Record<string, unknown>;
}

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  address?: string;
}

/** Where a resource is: its node, or the nodes of its mapping entries. */
function nodesOf(inputs: Record<string, unknown>): string[] {
  if (typeof inputs.nodeName === "string") return [inputs.nodeName];
  const maps = Array.isArray(inputs.maps) ? (inputs.maps as { node?: string }[]) : [];
  return [...new Set(maps.map((m) => m.node).filter((n): n is string => typeof n === "string"))].sort();
}

const isProxmoxResource = (r: PlanResource) => r.custom && r.type.startsWith("proxmoxve:");

/** A plan's proxmoxve resources, converted; `problems` holds every input that does not map. */
export function terraformResources(
  plan: Plan,
  schema: TfProviderSchema,
): { resources: TfResource[]; problems: string[] } {
  const resources: TfResource[] = [];
  const problems: string[] = [];
  for (const r of plan.resources.filter(isProxmoxResource)) {
    const type = terraformType(r.type);
    const found = schema.resource_schemas[type];
    const nodes = nodesOf(r.inputs as Record<string, unknown>);
    if (!found) {
      problems.push(`${r.name} (${nodes.join(", ")}): ${r.type} maps to ${type}, which the provider does not have`);
      continue;
    }
    const converted = toTerraform(r.inputs as Record<string, unknown>, found.block);
    for (const p of converted.problems) problems.push(`${r.name} (${nodes.join(", ")}): ${p}`);
    resources.push({
      address: `${type}.${r.name}`,
      type,
      name: r.name,
      nodes,
      inputs: r.inputs as Record<string, unknown>,
      body: converted.body,
    });
  }
  return { resources, problems };
}

/** OpenTofu in a scratch directory, with the built provider as a development override. */
export class Tofu {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly tools: ProxmoxTools,
    private readonly endpointPort: number,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-tofu-"));
    const rc = path.join(this.dir, "cli.tfrc");
    fs.writeFileSync(
      rc,
      `provider_installation {\n  dev_overrides {\n    "${providerSource}" = ${JSON.stringify(path.dirname(tools.provider))}\n  }\n  direct {}\n}\n`,
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: this.dir,
      TF_CLI_CONFIG_FILE: rc,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
    };
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The configuration: the provider on a closed loopback port with a placeholder token. */
  write(resources: TfResource[], state?: object): void {
    const resource: Record<string, Record<string, unknown>> = {};
    for (const r of resources) (resource[r.type] ??= {})[r.name] = r.body;
    const config = {
      terraform: { required_providers: { proxmox: { source: providerSource } } },
      provider: {
        proxmox: {
          endpoint: `https://127.0.0.1:${this.endpointPort}/`,
          api_token: "portkey@pve!suite=00000000-0000-0000-0000-000000000000",
          insecure: true,
        },
      },
      ...(resources.length > 0 ? { resource } : {}),
    };
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify(config, null, 2));
    const statePath = path.join(this.dir, "terraform.tfstate");
    if (state) fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
    else fs.rmSync(statePath, { force: true });
  }

  private run(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(this.tools.tofu, args, { cwd: this.dir, env: this.env, encoding: "utf8", maxBuffer: 1 << 28 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  schema(): TfProviderSchema {
    this.write([]);
    const r = this.run(["providers", "schema", "-json"]);
    if (r.status !== 0) throw new Error(`tofu providers schema failed: ${r.stderr}`);
    const schema = (JSON.parse(r.stdout) as { provider_schemas: Record<string, TfProviderSchema> }).provider_schemas[
      providerAddress
    ];
    if (!schema) throw new Error(`tofu providers schema has no ${providerAddress}`);
    return schema;
  }

  validate(): Diagnostic[] {
    const r = this.run(["validate", "-json", "-no-color"]);
    return relevant((JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics);
  }

  /** An offline plan: the changes it would make and what it plans each resource to hold. */
  plan(): PlanResult {
    const r = this.run(["plan", "-refresh=false", "-input=false", "-lock=false", "-json", "-out=plan.bin"]);
    const diagnostics: Diagnostic[] = [];
    for (const line of r.stdout.split("\n").filter(Boolean)) {
      const m = JSON.parse(line) as { type: string; diagnostic?: Diagnostic };
      if (m.type === "diagnostic" && m.diagnostic) diagnostics.push(m.diagnostic);
    }
    const result: PlanResult = { diagnostics: relevant(diagnostics), changes: [], planned: {} };
    if (r.status !== 0) return result;
    const shown = this.run(["show", "-json", "plan.bin"]);
    const plan = JSON.parse(shown.stdout) as ShownPlan;
    for (const c of plan.resource_changes ?? []) {
      result.changes.push({
        address: c.address,
        actions: c.change.actions,
        replacePaths: c.change.replace_paths ?? [],
      });
    }
    for (const p of plan.planned_values?.root_module?.resources ?? []) {
      const change = plan.resource_changes?.find((c) => c.address === p.address);
      result.planned[p.address] = { values: p.values, unknown: change?.change.after_unknown ?? {} };
    }
    return result;
  }
}

interface ShownPlan {
  planned_values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
  resource_changes?: {
    address: string;
    change: { actions: string[]; after_unknown?: Record<string, unknown>; replace_paths?: unknown[][] };
  }[];
}

export interface PlanResult {
  diagnostics: Diagnostic[];
  changes: { address: string; actions: string[]; replacePaths: unknown[][] }[];
  /** Address → planned values and which of them stay unknown until apply. */
  planned: Record<string, { values: Record<string, unknown>; unknown: Record<string, unknown> }>;
}

/** The override warning is ours (the built provider); every other diagnostic counts. */
function relevant(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.summary !== "Provider development overrides are in effect");
}

/** A port on loopback that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** "<resource> (<nodes>): <summary>: <detail>", the line a diagnostic is reported as. */
function diagnosticLine(d: Diagnostic, resources: TfResource[]): string {
  const r = resources.find((x) => x.address === d.address);
  const where = r ? `${r.name} (${r.nodes.join(", ")})` : (d.address ?? "configuration");
  return `${where}: ${d.summary}: ${d.detail.split("\n")[0]}`;
}

export interface ProxmoxReport {
  /** Resources the provider validated and planned. */
  checked: number;
  errors: string[];
  warnings: string[];
  /** The plan, for the rule checks. */
  plan?: PlanResult;
}

/** Validates and plans every proxmoxve resource of `plan` with the real provider. */
export function checkProxmoxResources(plan: Plan, tofu: Tofu, schema: TfProviderSchema): ProxmoxReport {
  const { resources, problems } = terraformResources(plan, schema);
  const report: ProxmoxReport = { checked: 0, errors: [...problems], warnings: [] };
  if (problems.length > 0) return report;
  tofu.write(resources);
  const sort = (ds: Diagnostic[]) => {
    for (const d of ds) (d.severity === "error" ? report.errors : report.warnings).push(diagnosticLine(d, resources));
  };
  const validation = tofu.validate();
  sort(validation);
  if (report.errors.length > 0) return report;
  const planned = tofu.plan();
  sort(planned.diagnostics);
  report.plan = planned;
  const created = planned.changes.filter((c) => c.actions.join() === "create").map((c) => c.address);
  for (const r of resources) if (!created.includes(r.address)) report.errors.push(`${r.name}: not planned as a create`);
  report.checked = report.errors.length === 0 ? resources.length : 0;
  return report;
}
