// The offline planner: runs a Pulumi program under Pulumi's own mocks, in preview mode by default,
// and records what the engine would receive: every registration (inputs, options, dependencies),
// every provider function call, the stack outputs. The fakes (planner/fakes) answer as the providers
// would, so everything the program derives from their outputs is known in the plan.
//
// Pulumi's MockMonitor does the registering; the recorder only observes each request before handing
// it on. Two things the mock monitor does not do as the engine does, the recorder does in the record
// only: URNs (the engine qualifies a type by its parent's type chain and never by the root stack),
// and secrets in function arguments (the SDK strips their markers before the call, so an argument
// is written "[secret]" when its value is one the program holds as a secret).
import * as pulumi from "@pulumi/pulumi";
import * as mocks from "@pulumi/pulumi/runtime/mocks";
import type { Plan, PlanResource } from "./plan";
import { FakeCall, fakeCalls, fakeResources } from "./fakes";
import { flatConfig, placeholderSecrets, readInventory } from "./stackFile";
import { fromWire, secretLeaves, UNKNOWN, withSecretLeaves } from "./wire";

export const project = "portkey";
export const stack = "prod";

export interface RenderOptions {
  /** The inventory (the `portkey:` keys); defaults to Pulumi.prod.yaml's. */
  inventory?: Record<string, unknown>;
  /** Outputs left unknown, as a preview sees them before apply: type token → property names. */
  unknown?: Record<string, string[]>;
  /** false records what `pulumi up` runs rather than what a preview runs (default true). */
  preview?: boolean;
  /** Function answers replacing the fakes' (a host that answers otherwise than its inventory): token → answer. */
  calls?: Record<string, FakeCall>;
  /** Secret values replacing the placeholders, by key (without `portkey:`). */
  secrets?: Record<string, string>;
}

/** The program's error, if it failed, and everything it registered and called until then. */
export interface Outcome {
  plan: Plan;
  error?: unknown;
}

type Program = () => unknown;

/** Renders the plan of `program`; throws the program's error (a bad config, say). */
export async function render(program: Program, options: RenderOptions = {}): Promise<Plan> {
  const { plan, error } = await renderOutcome(program, options);
  if (error) throw error;
  return plan;
}

/** Like render, but returns what was registered before a failure together with the error. */
export async function renderOutcome(program: Program, options: RenderOptions = {}): Promise<Outcome> {
  // Pulumi records a stack trace for every promise and resource; with source maps installed that
  // is most of a render's time, and the plan records no source positions.
  const stackTraceLimit = Error.stackTraceLimit;
  if (!process.env.PORTKEY_PLAN_STACKS) Error.stackTraceLimit = 0;
  try {
    return await run(program, options);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function run(program: Program, options: RenderOptions): Promise<Outcome> {
  const resources: PlanResource[] = [];
  const invokes: Plan["invokes"] = [];
  let outputs: Plan["outputs"] = {};
  const secrets = new Set(Object.values(placeholderSecrets()));
  let pending: { additionalSecretOutputs: string[] } = { additionalSecretOutputs: [] };
  const inventory = options.inventory ?? readInventory();
  const calls = { ...fakeCalls(inventory), ...options.calls };

  await pulumi.runtime.setMocks(
    {
      newResource: ({ type, name, inputs, custom }) => {
        const fake = custom ? fakeResources[type]?.({ type, name, inputs }) : undefined;
        const state: Record<string, unknown> = { ...inputs, ...(fake?.outputs ?? {}) };
        // The engine marks these outputs secret; the mock monitor does not.
        for (const key of pending.additionalSecretOutputs) if (key in state) state[key] = pulumi.secret(state[key]);
        for (const key of options.unknown?.[type] ?? []) state[key] = UNKNOWN;
        // Secrets among the inputs were taken from the wire form at registration: deserialized here,
        // an object holding one secret is secret as a whole, which would redact its plain leaves too.
        for (const key of [...Object.keys(fake?.outputs ?? {}), ...pending.additionalSecretOutputs])
          for (const leaf of secretLeaves(state[key])) secrets.add(leaf);
        const id = custom ? (fake?.id ?? defaultId(type, name, inputs)) : "";
        return { id, state };
      },
      call: ({ token, inputs }) => {
        const fake = calls[token];
        // The engine fails a call with a gRPC error, whose `details` the SDK shows the program.
        const fail = (message: string) => Object.assign(new Error(message), { details: message });
        if (!fake) throw fail(`the planner has no fake answer for ${token}`);
        try {
          const result = fake(inputs);
          for (const leaf of secretLeaves(result)) secrets.add(leaf);
          return result;
        } catch (err) {
          throw fail((err as Error).message);
        }
      },
    },
    project,
    stack,
    options.preview ?? true,
  );

  const monitor = (pulumi.runtime as any).getMonitor() as mocks.MockMonitor & Record<string, any>;
  const urns = new Map<string, string>(); // the mock monitor's URN → the engine's
  const engine = (urn: string) => urns.get(urn) ?? urn;

  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, res?: any) => void) => {
    const parent = req.getParent() ? engine(req.getParent()) : null;
    const urn = engineUrn(parent, req.getType(), req.getName());
    const object = req.getObject()?.toJavaScript() ?? {};
    for (const leaf of secretLeaves(object)) secrets.add(leaf);
    const timeouts = req.getCustomtimeouts();
    const provider: string = req.getProvider();
    resources.push({
      urn,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent,
      provider: provider
        ? `${engine(provider.slice(0, provider.lastIndexOf("::")))}${provider.slice(provider.lastIndexOf("::"))}`
        : null,
      dependencies: [...new Set<string>(req.getDependenciesList().map(engine))].sort(),
      package: { version: req.getVersion(), pluginDownloadURL: req.getPlugindownloadurl() },
      inputs: fromWire(object) as PlanResource["inputs"],
      options: {
        protect: req.hasProtect() ? Boolean(req.getProtect()) : false,
        retainOnDelete: Boolean(req.getRetainondelete()),
        deleteBeforeReplace: req.getDeletebeforereplace(),
        ignoreChanges: [...req.getIgnorechangesList()].sort(),
        replaceOnChanges: [...req.getReplaceonchangesList()].sort(),
        additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
        replaceWith: [...req.getReplaceWithList()].map(engine).sort(),
        customTimeouts:
          timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
            ? { create: timeouts.getCreate(), update: timeouts.getUpdate(), delete: timeouts.getDelete() }
            : null,
      },
    });
    // The mock monitor calls newResource at once, before any await: `pending` is this request's.
    pending = { additionalSecretOutputs: req.getAdditionalsecretoutputsList() };
    return register(req, (err: unknown, res?: any) => {
      if (res) urns.set(res.getUrn(), urn);
      callback(err, res);
    });
  };

  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req: any, callback: (err: unknown, res?: unknown) => void) => {
    invokes.push({
      token: req.getTok(),
      args: withSecretLeaves(fromWire(req.getArgs()?.toJavaScript() ?? {}), secrets),
    });
    return invoke(req, callback);
  };

  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, res?: unknown) => void) => {
    if (req.getUrn().endsWith(`::pulumi:pulumi:Stack::${project}-${stack}`)) {
      outputs = fromWire(req.getOutputs()?.toJavaScript() ?? {}) as Plan["outputs"];
    }
    return registerOutputs(req, callback);
  };

  const given = Object.fromEntries(Object.entries(options.secrets ?? {}).map(([k, v]) => [`portkey:${k}`, v]));
  pulumi.runtime.setAllConfig({ ...flatConfig(inventory), ...given }, Object.keys(placeholderSecrets()));

  let programError: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      return await program();
    } catch (err) {
      programError = err;
      return {};
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require("@pulumi/pulumi/runtime/settings").waitForRPCs();

  resources.sort((a, b) => a.urn.localeCompare(b.urn));
  invokes.sort((a, b) => (a.token + JSON.stringify(a.args)).localeCompare(b.token + JSON.stringify(b.args)));
  const plan = { project, stack, resources, invokes, outputs };
  return programError ? { plan, error: programError } : { plan };
}

/** As the engine names a resource: its parent's type chain qualifies the type, the root stack does not. */
export function engineUrn(parent: string | null, type: string, name: string): string {
  const parentType = parent?.split("::")[2];
  const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function defaultId(type: string, name: string, inputs: Record<string, unknown>): string {
  return type.startsWith("pulumi:providers:") ? `${name}-provider-id` : `${String(inputs.name ?? name)}-id`;
}
