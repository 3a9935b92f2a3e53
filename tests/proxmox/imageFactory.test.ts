// The Schematic binding: the right plugin, the right token and input, and outputs that carry values.
import { createHash } from "crypto";
import * as path from "path";
import { describeConformance, readFixtureJson } from "../fixtures";
import { renderPlan } from "../harness/plan";
import type { Plan } from "../harness/plan";

const entry = path.join(__dirname, "programs", "schematic.ts");
const text = "customization:\n  systemExtensions:\n    officialExtensions:\n      - siderolabs/qemu-guest-agent\n";

describe("Schematic binding", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await renderPlan({ entry });
  });

  test("registers talos:imageFactory/schematic:Schematic with plugin 0.8.1 from github://api.github.com/pulumiverse", () => {
    const declared = plan.resources.find((r) => r.name === "declared")!;
    expect(declared.type).toBe("talos:imageFactory/schematic:Schematic");
    expect(declared.package).toEqual({ version: "0.8.1", pluginDownloadURL: "github://api.github.com/pulumiverse" });
    expect(declared.inputs).toEqual({ schematic: text });
  });

  test("declared outputs carry the schematic and its id; a `!:` field would leave them undefined", () => {
    const id = createHash("sha256").update(text).digest("hex");
    expect(plan.outputs.declaredOutputs).toEqual({ id, schematic: text });
    // The same check against the `!:` copy fails: proof that the test catches the mistake.
    expect(plan.outputs.fieldOutputs).not.toEqual({ id, schematic: text });
    expect((plan.outputs.fieldOutputs as Record<string, unknown>).schematic).toBeUndefined();
  });
});

describeConformance("Schematic binding against the provider schema", () => {
  test("the binding's input and output are the schema's only ones", () => {
    const schema = readFixtureJson<any>("talos/provider-schema.json");
    const resource = schema.resources["talos:imageFactory/schematic:Schematic"];
    expect(Object.keys(resource.inputProperties)).toEqual(["schematic"]);
    expect(Object.keys(resource.properties)).toEqual(["schematic"]);
  });
});
