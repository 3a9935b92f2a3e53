// The offline planner records what the engine would receive: dependencies, options, secrets,
// unknowns, calls and stack outputs, as a small program of its own shows; and renders are
// deterministic.
import * as pulumi from "@pulumi/pulumi";
import type { Plan } from "../../planner/plan";
import { render } from "../../planner/render";
import { OUTPUT_SIG, RESOURCE_SIG, SECRET_SIG, SIG, stableStringify, Json, UNKNOWN } from "../../planner/wire";
import { renderProgram } from "../../planner/program";

class Thing extends pulumi.CustomResource {
  declare readonly size: pulumi.Output<number>;
  declare readonly colour: pulumi.Output<string>;
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>, opts?: pulumi.CustomResourceOptions) {
    super("test:index:Thing", name, { ...args, size: undefined }, opts);
  }
}

class Group extends pulumi.ComponentResource {
  readonly last: Thing;
  constructor(name: string) {
    super("test:index:Group", name, {}, {});
    const first = new Thing(
      `${name}-first`,
      { colour: "red", password: pulumi.secret("hunter2"), env: { shade: "crimson", key: pulumi.secret("k3y") } },
      { parent: this, protect: true },
    );
    const second = new Thing(
      `${name}-second`,
      { after: first.id },
      { parent: this, deleteBeforeReplace: true, ignoreChanges: ["after"] },
    );
    this.last = new Thing(
      `${name}-third`,
      { colour: "blue" },
      { parent: this, dependsOn: [second], retainOnDelete: true, replaceWith: [first] },
    );
    this.registerOutputs({});
  }
}

/** A group of three things, two calls (one with a secret argument) and some stack outputs. */
function program() {
  const group = new Group("g");
  const answer = pulumi.runtime.invokeOutput("test:index:lookup", { colour: group.last.id }, {}) as pulumi.Output<{
    answer: string;
  }>;
  // The SDK strips secret markers from call arguments; a config secret is still known as one.
  const token = new pulumi.Config("portkey").requireSecret("proxmoxApiToken");
  // A plain value that sits beside a secret in some resource's map is still plain here.
  const shade = group.last.id.apply(() => "crimson"); // called once every thing is registered
  pulumi.runtime.invokeOutput("test:index:lookup", { colour: "green", shade, token }, {});
  return {
    lastId: group.last.id,
    lastSize: group.last.size,
    lastColour: group.last.colour,
    secretValue: pulumi.secret("s3cr3t"),
    lookedUp: answer.apply((a) => a.answer),
  };
}

const urn = (type: string, name: string) => `urn:pulumi:prod::portkey::test:index:Group$${type}::${name}`;
const calls = { "test:index:lookup": (inputs: Record<string, any>) => ({ answer: `found ${inputs.colour}` }) };
let plan: Plan;
beforeAll(async () => {
  plan = await render(program, { calls });
});
const byName = (name: string) => plan.resources.find((r) => r.name === name)!;

test("dependencies come from Output inputs, dependsOn and replaceWith; URNs as the engine makes them", () => {
  expect(byName("g-second").dependencies).toEqual([urn("test:index:Thing", "g-first")]);
  expect(byName("g-third").dependencies).toEqual([
    urn("test:index:Thing", "g-first"),
    urn("test:index:Thing", "g-second"),
  ]);
  expect(byName("g-first").dependencies).toEqual([]);
  // A top-level component is not qualified by the stack; its children by its type.
  expect(byName("g").urn).toBe("urn:pulumi:prod::portkey::test:index:Group::g");
  expect(byName("g-second").parent).toBe("urn:pulumi:prod::portkey::test:index:Group::g");
});

test("options are recorded as the engine receives them", () => {
  expect(byName("g-first").options).toMatchObject({ protect: true, deleteBeforeReplace: false, retainOnDelete: false });
  expect(byName("g-second").options).toMatchObject({
    protect: false,
    deleteBeforeReplace: true,
    ignoreChanges: ["after"],
  });
  expect(byName("g-third").options).toMatchObject({
    retainOnDelete: true,
    replaceWith: [urn("test:index:Thing", "g-first")],
  });
});

test("secrets are [secret], in inputs, in call arguments (a config secret) and in outputs; fake outputs flow on", () => {
  expect(byName("g-first").inputs).toEqual({
    colour: "red",
    password: "[secret]",
    env: { shade: "crimson", key: "[secret]" },
  });
  expect(plan.invokes).toEqual([
    { token: "test:index:lookup", args: { colour: "g-third-id" } },
    { token: "test:index:lookup", args: { colour: "green", shade: "crimson", token: "[secret]" } },
  ]);
  expect(plan.outputs).toMatchObject({ lastId: "g-third-id", lookedUp: "found g-third-id", secretValue: "[secret]" });
});

test("outputs no fake answers stay unknown, as in a preview; requested ones too", async () => {
  expect([plan.outputs.lastColour, plan.outputs.lastSize]).toEqual(["blue", "[unknown]"]);
  const unknown = await render(program, { calls, unknown: { "test:index:Thing": ["colour"] } });
  expect(unknown.outputs.lastColour).toBe("[unknown]");
  expect(unknown.resources.find((r) => r.name === "g-second")!.inputs).toEqual({ after: "g-first-id" });
});

test("a program renders the same plan twice, byte for byte", async () => {
  const again = await renderProgram();
  expect(stableStringify((await renderProgram()) as unknown as Json)).toBe(stableStringify(again as unknown as Json));
});

test("the wire signatures the planner reads are the SDK's", () => {
  expect([UNKNOWN, SIG, SECRET_SIG, RESOURCE_SIG, OUTPUT_SIG]).toEqual([
    pulumi.runtime.unknownValue,
    pulumi.runtime.specialSigKey,
    pulumi.runtime.specialSecretSig,
    pulumi.runtime.specialResourceSig,
    pulumi.runtime.specialOutputValueSig,
  ]);
});
