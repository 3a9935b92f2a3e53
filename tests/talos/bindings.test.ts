// The bindings against the provider's schema, and the class-field trap they avoid.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { clientGetConfigurationSpec } from "../../infra/talos/bindings/client";
import { getHealthSpec, kubeconfigSpec } from "../../infra/talos/bindings/cluster";
import {
  bootstrapSpec,
  configurationApplySpec,
  getConfigurationOutput,
  getConfigurationSpec,
  secretsSpec,
} from "../../infra/talos/bindings/machine";
import { schematicSpec } from "../../infra/talos/bindings/imageFactory";
import { getUrlsSpec } from "../../infra/talos/bindings/imageFactoryUrls";
import type { BindingSpec } from "../../infra/talos/bindings/spec";
import { describeConformance } from "../fixtures";
import { renderPlan } from "../harness/plan";
import { checkObject, checkSpec, inputsOf, providerSchema } from "./schemas";

const specs: BindingSpec[] = [
  secretsSpec,
  configurationApplySpec,
  bootstrapSpec,
  getConfigurationSpec,
  kubeconfigSpec,
  getHealthSpec,
  clientGetConfigurationSpec,
  getUrlsSpec,
  schematicSpec,
];
const entry = path.join(__dirname, "entry.ts");

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

  it("every Talos registration and invoke in the plan sends only schema inputs, of the schema's types, with every required one", async () => {
    // As `pulumi up` runs it: the health gate is called only then.
    const plan = await renderPlan({ entry, preview: false });
    const sent = [
      ...plan.resources.filter((r) => r.type.startsWith("talos:")).map((r) => ({ token: r.type, args: r.inputs })),
      ...plan.invokes
        .filter((i) => i.token.startsWith("talos:"))
        .map((i) => ({ token: i.token, args: i.args as Record<string, never> })),
    ];
    // Secrets, 3 applies, Bootstrap, Kubeconfig; 3 machine configs, health, talosconfig.
    expect(sent).toHaveLength(6 + 5);
    const problems = sent.flatMap(({ token, args }) => {
      const inputs = inputsOf(schema, token);
      return inputs ? checkObject(schema, inputs.props, inputs.required, args, token) : [`${token}: unknown token`];
    });
    expect(problems).toEqual([]);
  });
});

describe("Talos binding outputs survive ES2022 class fields", () => {
  it("a `x!:` field wipes the output after super(); the real `declare`d bindings keep it", async () => {
    const plan = await renderPlan({ entry: path.join(__dirname, "classFieldsEntry.ts") });
    expect(plan.outputs).toEqual({ declared: "v1.12.3" }); // `field` is undefined, so absent
  });
});

describe("Talos invokes carry the plugin", () => {
  it("getConfigurationOutput passes version 0.8.1 and the pulumiverse download URL", () => {
    const spy = jest.spyOn(pulumi.runtime, "invokeOutput").mockReturnValue(pulumi.output({}) as never);
    getConfigurationOutput({
      clusterName: "c",
      clusterEndpoint: "https://1.2.3.4:6443",
      machineType: "controlplane",
      machineSecrets: {} as never,
    });
    expect(spy.mock.calls[0][2]).toEqual({
      version: "0.8.1",
      pluginDownloadURL: "github://api.github.com/pulumiverse",
    });
    spy.mockRestore();
  });
});
