// The one mock harness: runs the real index.ts under Pulumi's mocks in preview mode and records
// what the engine would receive for every registration and invoke. Tests and `npm run plan` share it.
import * as path from "path";
import { fakeCalls, fakeResources } from "./fakes";
import { flatConfig, placeholderSecrets, readInventory, repoRoot } from "./stackConfig";
import { fromWire, Json, UNKNOWN } from "./wire";

export interface PlanResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent: string | null;
  provider: string | null;
  dependencies: string[];
  package: { version: string; pluginDownloadURL: string };
  inputs: { [key: string]: Json };
  options: {
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    /** URNs whose replacement replaces this resource too. */
    replaceWith: string[];
    customTimeouts: { create: string; update: string; delete: string } | null;
  };
}

export interface Plan {
  project: string;
  stack: string;
  resources: PlanResource[];
  invokes: Array<{ token: string; args: Json }>;
  outputs: { [key: string]: Json };
}

export interface RenderOptions {
  /** The inventory (`portkey:` keys); defaults to Pulumi.prod.yaml's. */
  inventory?: Record<string, unknown>;
  /** Outputs left unknown, as on a first preview: type token → property names. */
  unknown?: Record<string, string[]>;
  /** The program module to run; defaults to the real index.ts. Layer tests may run a smaller one. */
  entry?: string;
  /** false renders what `pulumi up` runs rather than what a preview does (default true). */
  preview?: boolean;
}

const project = "portkey";
const stack = "prod";

/** Renders the plan of `index.ts` for an inventory. Throws the program's error (e.g. bad config). */
export async function renderPlan(options: RenderOptions = {}): Promise<Plan> {
  const { plan, error } = await renderOutcome(options);
  if (error) throw error;
  return plan;
}

/** The program's error, if it failed, and everything it registered and invoked until then. */
export async function renderOutcome(options: RenderOptions = {}): Promise<{ plan: Plan; error?: unknown }> {
  const isolate: (fn: () => Promise<void>) => Promise<void> =
    typeof jest === "undefined" ? (fn) => fn() : (fn) => jest.isolateModulesAsync(fn);
  let outcome: { plan: Plan; error?: unknown } | undefined;
  await isolate(async () => {
    outcome = await renderIsolated(options);
  });
  return outcome!;
}

async function renderIsolated(options: RenderOptions): Promise<{ plan: Plan; error?: unknown }> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
  const settings = require("@pulumi/pulumi/runtime/settings");
  const rpc = require("@pulumi/pulumi/runtime/rpc");
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }));
  const resproto = require("@pulumi/pulumi/proto/resource_pb");
  const provproto = require("@pulumi/pulumi/proto/provider_pb");
  // The invoke response message moved from provider_pb to resource_pb in later SDKs.
  const InvokeResponse = resproto.ResourceInvokeResponse ?? provproto.InvokeResponse;
  /* eslint-enable @typescript-eslint/no-require-imports */

  const resources: PlanResource[] = [];
  const invokes: Plan["invokes"] = [];
  let outputs: Plan["outputs"] = {};
  const unknown = options.unknown ?? {};

  await pulumi.runtime.setMocks(
    { newResource: () => ({ id: "", state: {} }), call: () => ({}) },
    project,
    stack,
    options.preview ?? true,
  );
  const monitor = settings.getMonitor();
  // As the engine does: the parent's whole type chain qualifies the type; the root stack does not.
  const newUrn = (parent: string, type: string, name: string) => {
    const qualified = parent && !parent.includes("::pulumi:pulumi:Stack::") ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
  };

  monitor.registerResource = async (req: any, callback: (err: unknown, res?: unknown) => void) => {
    try {
      const type: string = req.getType();
      const name: string = req.getName();
      const urn = newUrn(req.getParent(), type, name);
      const custom: boolean = req.getCustom();
      const wireInputs = req.getObject()?.toJavaScript() ?? {};
      const timeouts = req.getCustomtimeouts();
      resources.push({
        urn,
        type,
        name,
        custom,
        parent: req.getParent() || null,
        provider: req.getProvider() || null,
        dependencies: [...new Set<string>(req.getDependenciesList())].sort(),
        package: { version: req.getVersion(), pluginDownloadURL: req.getPlugindownloadurl() },
        inputs: fromWire(wireInputs) as PlanResource["inputs"],
        options: {
          protect: req.hasProtect() ? Boolean(req.getProtect()) : false,
          retainOnDelete: Boolean(req.getRetainondelete()),
          deleteBeforeReplace: req.getDeletebeforereplace(),
          ignoreChanges: [...req.getIgnorechangesList()].sort(),
          replaceOnChanges: [...req.getReplaceonchangesList()].sort(),
          additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
          replaceWith: [...req.getReplaceWithList()].sort(),
          customTimeouts:
            timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
              ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }
              : null,
        },
      });
      const inputs = rpc.deserializeProperties(req.getObject());
      const fake = custom ? fakeResources[type]?.({ type, name, inputs }) : undefined;
      const id = custom ? (fake?.id ?? defaultId(type, name, inputs)) : "";
      const state: Record<string, unknown> = { ...inputs, ...(fake?.outputs ?? {}) };
      // The engine marks these outputs secret; the mock monitor does not, so do it here.
      for (const key of req.getAdditionalsecretoutputsList()) {
        if (key in state) state[key] = pulumi.secret(state[key]);
      }
      for (const key of unknown[type] ?? []) state[key] = UNKNOWN;
      const serialized = await rpc.serializeProperties("", state);
      monitor.resources.set(urn, { urn, id, state: serialized });
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id);
      response.setObject(structproto.Struct.fromJavaScript(serialized));
      callback(null, response);
    } catch (err) {
      callback(err);
    }
  };

  // The SDK strips secret markers from invoke arguments before the RPC; remember which arguments
  // held secrets so the plan still writes them as "[secret]".
  const secretArgs = new Map<string, unknown>();
  const unwrapSecretValues = rpc.unwrapSecretValues;
  rpc.unwrapSecretValues = (value: unknown) => {
    const [plain, hasSecrets] = unwrapSecretValues(value);
    if (hasSecrets) secretArgs.set(JSON.stringify(fromWire(plain)), value);
    return [plain, hasSecrets];
  };

  monitor.invoke = async (req: any, callback: (err: unknown, res?: unknown) => void) => {
    try {
      const token: string = req.getTok();
      const args = req.getArgs()?.toJavaScript() ?? {};
      invokes.push({ token, args: fromWire(secretArgs.get(JSON.stringify(fromWire(args))) ?? args) });
      const fake = fakeCalls[token];
      if (!fake) throw new Error(`the harness has no fake answer for invoke ${token}`);
      const result = await rpc.serializeProperties("", fake(rpc.deserializeProperties(req.getArgs())));
      const response = new InvokeResponse();
      response.setReturn(structproto.Struct.fromJavaScript(result));
      callback(null, response);
    } catch (err) {
      // The engine fails an invoke with a gRPC error, whose `details` the SDK shows the program.
      callback(Object.assign(err as object, { details: (err as Error).message }));
    }
  };

  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, res?: unknown) => void) => {
    if (req.getUrn().includes("::pulumi:pulumi:Stack::")) {
      outputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Plan["outputs"];
    }
    registerOutputs(req, callback);
  };

  pulumi.runtime.setAllConfig(flatConfig(options.inventory ?? readInventory()), Object.keys(placeholderSecrets()));

  let programError: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      // Loaded as the engine's language host loads a program: a plain require inside the stack;
      // an exported function is called and its promise awaited (pulumi cmd/run/run.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(options.entry ?? path.join(repoRoot, "index.ts"));
      return await (typeof exported === "function" ? exported() : exported);
    } catch (err) {
      programError = err;
      return {};
    }
  });
  await settings.waitForRPCs();

  resources.sort((a, b) => a.urn.localeCompare(b.urn));
  invokes.sort((a, b) => (a.token + JSON.stringify(a.args)).localeCompare(b.token + JSON.stringify(b.args)));
  const plan = { project, stack, resources, invokes, outputs };
  return programError ? { plan, error: programError } : { plan };
}

function defaultId(type: string, name: string, inputs: Record<string, unknown>): string {
  return type.startsWith("pulumi:providers:") ? `${name}-provider-id` : `${String(inputs.name ?? name)}-id`;
}
