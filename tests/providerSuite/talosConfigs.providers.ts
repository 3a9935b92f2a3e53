// The Talos loop of the provider suite (scripts/providers/talosConfigs.ts) with the built tools:
// the prod plan's configs pass, and one broken patch in a scratch copy of the plan fails the loop
// with the node's name and the field, at the stage that refuses it (the plugin's generator or the
// nodes' validator).
import * as fs from "fs";
import { Document, parseDocument } from "yaml";
import { talosTokens } from "../../infra/tokens";
import { configNode } from "../../infra/talos/safety";
import type { Plan } from "../../planner/plan";
import { renderProgram } from "../../planner/program";
import { checkTalosConfigs, talosTools } from "../../scripts/providers/talosConfigs";

const tools = talosTools();
let prod: Plan;

beforeAll(async () => {
  for (const binary of Object.values(tools)) {
    if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: run npm run providers:build`);
  }
  prod = await renderProgram();
});

/** A copy of the prod plan in which one node's patch document of the given kind (undefined: the
 *  v1alpha1 patch) is edited. */
function withPatch(node: string, kind: string | undefined, edit: (doc: Document) => void): Plan {
  const plan = structuredClone(prod);
  const invoke = plan.invokes.find((i) => i.token === talosTokens.getConfiguration && configNode(i.args) === node)!;
  const args = invoke.args as { configPatches: string[] };
  const index = args.configPatches.findIndex((p) => parseDocument(p).get("kind") === kind);
  const doc = parseDocument(args.configPatches[index]);
  edit(doc);
  args.configPatches[index] = doc.toString();
  return plan;
}

describe("Talos machine configs: the plugin's generator (machinery v1.13.0), the nodes' validator (v1.12.3)", () => {
  test("generates and validates one config per node of the prod plan, metal0 to metal2, without an error", () => {
    expect(checkTalosConfigs(prod, tools)).toEqual({
      invocations: 3,
      generated: 3,
      validated: 3,
      errors: [],
      warnings: [],
    });
  });

  test("the generator refuses a patch key no schema has, naming the node, the patch and the key", () => {
    const plan = withPatch("metal1", undefined, (doc) => doc.setIn(["machine", "kubelett"], { image: "x" }));
    const report = checkTalosConfigs(plan, tools);
    expect(report).toMatchObject({ generated: 2, validated: 2 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(
      /^metal1: configPatches\[0\]: .*unknown keys found during decoding:\nmachine:\n +kubelett:\n +image: x$/s,
    );
  });

  test("the validator refuses a key only the generator's newer schema has, naming the node and the key", () => {
    // cluster.network.cni.flannel.kubeNetworkPoliciesEnabled is new in the v1.13 schema.
    const plan = withPatch("metal2", undefined, (doc) =>
      doc.setIn(["cluster", "network", "cni", "flannel", "kubeNetworkPoliciesEnabled"], true),
    );
    const report = checkTalosConfigs(plan, tools);
    expect(report).toMatchObject({ generated: 3, validated: 2 });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(
      /^metal2: .*unknown keys found during decoding:\n.*kubeNetworkPoliciesEnabled: true$/s,
    );
  });

  test("the validator refuses a HostnameConfig that leaves auto at the generated default (stable)", () => {
    const plan = withPatch("metal0", "HostnameConfig", (doc) => doc.delete("auto"));
    expect(checkTalosConfigs(plan, tools)).toMatchObject({
      generated: 3,
      validated: 2,
      errors: ["metal0: HostnameConfig: 'auto' and 'hostname' cannot be set at the same time"],
    });
  });

  test("two invocations naming one node fail the loop, though both configs are valid", () => {
    const plan = withPatch("metal1", "HostnameConfig", (doc) => doc.set("hostname", "metal0"));
    expect(checkTalosConfigs(plan, tools)).toMatchObject({
      generated: 3,
      validated: 3,
      errors: ["metal0: more than one getConfiguration invocation names this node"],
    });
  });
});
