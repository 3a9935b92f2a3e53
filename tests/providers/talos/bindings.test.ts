// The Talos bindings against the provider's schema, and the class-field trap they avoid.
import * as pulumi from "@pulumi/pulumi";
import { getClientConfigurationOutput, clientGetConfigurationSpec } from "../../../infra/providers/talos/client";
import { getHealthSpec, kubeconfigSpec } from "../../../infra/providers/talos/cluster";
import {
  bootstrapSpec,
  configurationApplySpec,
  getConfigurationSpec,
  Secrets,
  secretsSpec,
} from "../../../infra/providers/talos/machine";
import { Schematic, schematicSpec } from "../../../infra/providers/talos/schematic";
import type { BindingSpec } from "../../../infra/providers/talos/spec";
import { talosTokens } from "../../../infra/tokens";
import { render } from "../../../planner/render";
import { describeConformance } from "../../fixtures";
import { upPlan } from "../../plans";
import { checkObject, checkSpec, inputsOf, providerSchema } from "../../talos/schemas";

const specs: BindingSpec[] = [
  secretsSpec,
  configurationApplySpec,
  bootstrapSpec,
  getConfigurationSpec,
  kubeconfigSpec,
  getHealthSpec,
  clientGetConfigurationSpec,
  schematicSpec,
];

describeConformance("Talos bindings conform to the provider schema (pulumiverse talos 0.8.1)", () => {
  const schema = providerSchema();

  it.each(specs.map((s) => [s.token, s]))(
    "%s: token, input names, wire types, required and secret flags match",
    (_t, spec) => {
      expect(checkSpec(schema, spec)).toEqual([]);
    },
  );

  it("a binding table with a misspelt input or a wrong type is caught", () => {
    const typo = { ...getHealthSpec, inputs: { ...getHealthSpec.inputs, skipKubernetesCheck: "boolean" as const } };
    const wrongType = { ...bootstrapSpec, inputs: { ...bootstrapSpec.inputs, node: "string[]" as const } };
    expect(checkSpec(schema, typo)).toEqual(["talos:cluster/getHealth:getHealth.skipKubernetesCheck: not an input"]);
    expect(checkSpec(schema, wrongType)).toEqual([
      "talos:machine/bootstrap:Bootstrap.node: string[] but the schema says string",
    ]);
  });

  it("every Talos registration and call of `pulumi up` sends only schema inputs, of the schema's types, with every required one", () => {
    const plan = upPlan();
    const sent = [
      ...plan.resources.filter((r) => r.type.startsWith("talos:")).map((r) => ({ token: r.type, args: r.inputs })),
      ...plan.invokes
        .filter((i) => i.token.startsWith("talos:"))
        .map((i) => ({ token: i.token, args: i.args as Record<string, never> })),
    ];
    // Secrets, 3 applies, Bootstrap, Kubeconfig, 2 schematics; 3 machine configs, health, talosconfig.
    expect(sent).toHaveLength(8 + 5);
    const problems = sent.flatMap(({ token, args }) => {
      const inputs = inputsOf(schema, token);
      return inputs ? checkObject(schema, inputs.props, inputs.required, args, token) : [`${token}: unknown token`];
    });
    expect(problems).toEqual([]);
  });
});

describe("Talos binding outputs survive ES2022 class fields", () => {
  it("a `x!:` field wipes the output after super(); the real bindings `declare` theirs and keep it", async () => {
    class FieldSchematic extends pulumi.CustomResource {
      schematic!: pulumi.Output<string>;
      constructor(name: string) {
        super(talosTokens.schematic, name, { schematic: "s" });
      }
    }
    let field: unknown = "unset";
    const plan = await render(() => {
      field = new FieldSchematic("field").schematic;
      return {
        schematic: new Schematic("declared", { schematic: "s" }).schematic,
        secrets: new Secrets("declared", { talosVersion: "v1.12" }).talosVersion,
      };
    });
    expect(field).toBeUndefined();
    expect(plan.outputs).toEqual({ schematic: "s", secrets: "v1.12" });
  });
});

describe("Talos resources and calls carry the plugin", () => {
  it("registrations and calls pass version 0.8.1 and the pulumiverse download URL", async () => {
    const plan = await render(() => {
      new Schematic("s", {});
      getClientConfigurationOutput({
        clusterName: "c",
        clientConfiguration: { caCertificate: "", clientCertificate: "", clientKey: "" },
      });
    });
    const pkg = { version: "0.8.1", pluginDownloadURL: "github://api.github.com/pulumiverse" };
    expect(plan.resources.filter((r) => r.type === talosTokens.schematic).map((r) => r.package)).toEqual([pkg]);
    const spy = jest.spyOn(pulumi.runtime, "invokeOutput").mockReturnValue(pulumi.output({}) as never);
    getClientConfigurationOutput({
      clusterName: "c",
      clientConfiguration: { caCertificate: "", clientCertificate: "", clientKey: "" },
    });
    expect(spy.mock.calls[0][2]).toEqual(pkg);
    spy.mockRestore();
  });
});
