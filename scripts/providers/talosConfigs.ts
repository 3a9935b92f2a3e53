// The Talos part of the provider suite: every getConfiguration invocation of an offline plan,
// generated as the Talos plugin would generate it (tools/talos-generate, the plugin's machinery)
// and validated as the nodes would validate it (tools/talos-validate, the nodes' machinery).
// Every problem names its node: the HostnameConfig hostname in the invocation's patches.
import { spawnSync } from "child_process";
import { talosTokens } from "../../infra/tokens";
import { configNode } from "../../infra/talos/safety";
import { artifacts, binaryPath } from "./artifacts";
import type { Plan } from "../../planner/plan";

/** The two built tools' executables. */
export interface TalosTools {
  generate: string;
  validate: string;
}

/** Where npm run providers:build puts the two tools (artifacts.ts). */
export function talosTools(): TalosTools {
  const path = (binary: string) => binaryPath(artifacts.find((a) => a.binary === binary)!);
  return { generate: path("talos-generate"), validate: path("talos-validate") };
}

export interface TalosConfigReport {
  /** getConfiguration invocations in the plan. */
  invocations: number;
  /** Machine configs the generator wrote. */
  generated: number;
  /** Machine configs the validator passed without an error. */
  validated: number;
  /** "<node>: <problem>", one line each, in node order. */
  errors: string[];
  /** "<node>: <warning>", as the validator reports them. */
  warnings: string[];
}

type Args = Record<string, unknown>;

/** What the generator is given: one secrets contract and each node's invocation arguments. */
export interface GeneratorInput {
  secrets: { talosVersion: string };
  nodes: Record<string, Args>;
}

/** Values the offline plan cannot know ("[unknown]") or redacts ("[secret]"). */
const placeholders = ["[unknown]", "[secret]"];

function placeholderPaths(value: unknown, at: string): string[] {
  if (typeof value === "string") return placeholders.includes(value) ? [`${at} is ${value} in the offline plan`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholderPaths(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => placeholderPaths(v, `${at}.${k}`));
  }
  return [];
}

/**
 * The generator's input for a plan, and the problems that keep a node from being generated.
 * machineSecrets is dropped: the plan redacts it, and the generator makes one bundle as the plan's
 * Secrets resource would, for its talosVersion. Throws when the plan has no such one resource.
 */
export function generatorInput(plan: Plan): { input: GeneratorInput; problems: string[] } {
  const secrets = plan.resources.filter((r) => r.type === talosTokens.secrets);
  const secretsVersion = secrets[0]?.inputs.talosVersion;
  if (secrets.length !== 1 || typeof secretsVersion !== "string" || placeholders.includes(secretsVersion)) {
    throw new Error(`the plan needs one ${talosTokens.secrets} with a known talosVersion (${secrets.length} found)`);
  }

  const problems: string[] = [];
  const nodes: Record<string, Args> = {};
  plan.invokes
    .filter((i) => i.token === talosTokens.getConfiguration)
    .forEach((invoke, index) => {
      const hostname = configNode(invoke.args);
      let node = hostname ?? `getConfiguration #${index} (no HostnameConfig hostname)`;
      if (node in nodes) {
        node = `${hostname} (getConfiguration #${index})`;
        problems.push(`${hostname}: more than one getConfiguration invocation names this node`);
      }
      const { machineSecrets: _redacted, ...args } = invoke.args as Args;
      const unknown = placeholderPaths(args, "").map((p) => `${node}: ${p.slice(1)}`);
      if (unknown.length > 0) problems.push(...unknown);
      else nodes[node] = args;
    });
  return { input: { secrets: { talosVersion: secretsVersion }, nodes }, problems };
}

/** Runs one tool on a JSON stdin; its JSON stdout, unless it could not read its input. */
function runTool<T>(binary: string, input: unknown): T {
  const run = spawnSync(binary, [], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`${binary}: ${run.error.message}`);
  // 0: no errors, 1: errors reported per node on stdout; anything else: the tool failed itself.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${binary} exited ${run.status}: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as T;
}

/** Generates and validates every node's machine config of a plan. */
export function checkTalosConfigs(plan: Plan, tools: TalosTools): TalosConfigReport {
  const { input, problems } = generatorInput(plan);
  const invocations = plan.invokes.filter((i) => i.token === talosTokens.getConfiguration).length;
  const byNode: Record<string, string[]> = {};
  const note = (node: string, line: string) => (byNode[node] ??= []).push(line);

  const generated =
    Object.keys(input.nodes).length > 0
      ? runTool<Record<string, { config: string; errors: string[] }>>(tools.generate, input)
      : {};
  const configs: Record<string, string> = {};
  for (const [node, result] of Object.entries(generated)) {
    if (result.errors.length > 0) result.errors.forEach((e) => note(node, `${node}: ${e}`));
    else configs[node] = result.config;
  }

  const validated =
    Object.keys(configs).length > 0
      ? runTool<Record<string, { errors: string[]; warnings: string[] }>>(tools.validate, configs)
      : {};
  const warnings: string[] = [];
  for (const [node, result] of Object.entries(validated)) {
    result.errors.forEach((e) => note(node, `${node}: ${e}`));
    warnings.push(...result.warnings.map((w) => `${node}: ${w}`));
  }

  const nodeErrors = Object.keys(byNode)
    .sort()
    .flatMap((node) => byNode[node]);
  return {
    invocations,
    generated: Object.keys(configs).length,
    validated: Object.values(validated).filter((r) => r.errors.length === 0).length,
    errors: [...problems, ...nodeErrors],
    warnings: warnings.sort(),
  };
}
