// What each binding sends to the pulumiverse Talos provider, as data: the token, every input with
// its wire type as provider-schema.json spells it, which inputs are required, which are secret.
// The constructors build their inputs from this table, and tests/talos/bindings.test.ts checks the
// table against the provider schema, so a typo in a token or a property name fails a test.
import * as pulumi from "@pulumi/pulumi";
import { withPlugin } from "./plugin";

/** "string" | "boolean" | "string[]", or a schema type token such as "talos:machine/generated:ClientConfiguration". */
export type WireType = "string" | "boolean" | "string[]" | `talos:${string}`;

export interface BindingSpec {
  token: string;
  kind: "resource" | "function";
  inputs: Record<string, WireType>;
  required: string[];
  /** Top-level inputs the schema marks secret: sent wrapped in pulumi.secret. */
  secretInputs: string[];
  /** Top-level outputs the schema marks secret: the resource's additionalSecretOutputs. */
  secretOutputs: string[];
  /** Output-only properties a resource registers as undefined, so the engine returns them. */
  outputsOnly: string[];
}

/** The registered inputs of a binding: only the spec's names, secret ones wrapped, outputs undefined. */
export function wireInputs(spec: BindingSpec, args: object): pulumi.Inputs {
  const given = args as Record<string, pulumi.Input<unknown> | undefined>;
  for (const name of Object.keys(given)) {
    if (!(name in spec.inputs)) throw new Error(`${spec.token} has no input "${name}"`);
  }
  for (const name of spec.required) {
    if (given[name] === undefined) throw new Error(`${spec.token}: missing required input "${name}"`);
  }
  const inputs: pulumi.Inputs = {};
  for (const name of Object.keys(spec.inputs)) {
    const value = given[name];
    if (value !== undefined) inputs[name] = spec.secretInputs.includes(name) ? pulumi.secret(value) : value;
    else if (spec.kind === "resource") inputs[name] = undefined;
  }
  for (const name of spec.outputsOnly) inputs[name] = undefined;
  return inputs;
}

/**
 * Calls a function binding through the plugin. A result with a secret field carries credentials
 * (machine config, talosconfig), so all of it stays secret whatever the engine marks.
 */
export function invokeBinding<T>(spec: BindingSpec, args: object, opts?: pulumi.InvokeOutputOptions): pulumi.Output<T> {
  const result = pulumi.runtime.invokeOutput<T>(spec.token, wireInputs(spec, args), withPlugin(opts));
  return (spec.secretOutputs.length > 0 ? pulumi.secret(result) : result) as pulumi.Output<T>;
}

/**
 * Base of every binding resource: registers the spec's token with the spec's inputs, the plugin,
 * and the outputs the schema marks secret. Subclasses only `declare` their outputs: an ES2022
 * class field (`x!: Output<T>`) would be reset to undefined after super() and silently drop the
 * value and its dependencies.
 */
export abstract class BindingResource extends pulumi.CustomResource {
  protected constructor(spec: BindingSpec, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const secrets = spec.secretOutputs.length > 0 ? { additionalSecretOutputs: spec.secretOutputs } : {};
    super(spec.token, name, wireInputs(spec, args), withPlugin(pulumi.mergeOptions(opts, secrets)));
  }
}
