// A tiny program for the harness's own tests: one implicit and one explicit dependency, a secret,
// a component parent, options, and an invoke.
import * as pulumi from "@pulumi/pulumi";

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
      { colour: "red", password: pulumi.secret("hunter2") },
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

const group = new Group("g");
const answer = pulumi.runtime.invokeOutput("test:index:lookup", { colour: group.last.id }, {}) as pulumi.Output<{
  answer: string;
}>;
pulumi.runtime.invokeOutput("test:index:lookup", { colour: "green", token: pulumi.secret("t0ken") }, {});

export const lastId = group.last.id;
export const lastSize = group.last.size;
export const lastColour = group.last.colour;
export const secretValue = pulumi.secret("s3cr3t");
export const lookedUp = answer.apply((a) => a.answer);
