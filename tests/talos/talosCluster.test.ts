// The Talos layer in the plan of the real index.ts: what is registered, on which nodes, with
// which options and dependencies, and what a change elsewhere does (and does not) touch.
import { parse } from "yaml";
import { talosDataBearing } from "../../infra/talos/safety";
import { Plan, PlanResource, renderPlan } from "../harness/plan";
import { readInventory } from "../harness/stackConfig";

const talosOf = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === `talos:${type}`);
const configCalls = (plan: Plan) =>
  plan.invokes.filter((i) => i.token === "talos:machine/getConfiguration:getConfiguration");
const patchesOf = (args: unknown) => (args as { configPatches: string[] }).configPatches.map((p) => parse(p));
const hostOf = (args: unknown) => patchesOf(args).find((d) => d.kind === "HostnameConfig").hostname as string;
const withoutSans = (docs: any[]) =>
  docs.map((d) =>
    d.kind ? d : { ...d, machine: { ...d.machine, certSANs: [] }, cluster: { ...d.cluster, apiServer: {} } },
  );

let prod: Plan;
beforeAll(async () => {
  prod = await renderPlan();
});

describe("TalosCluster in the prod plan", () => {
  it("registers 1 Secrets, 3 ConfigurationApply on .11/.12/.13, 1 Bootstrap on metal0's own IP and 1 Kubeconfig on the VIP", () => {
    expect(talosOf(prod, "machine/secrets:Secrets")).toHaveLength(1);
    expect(talosOf(prod, "machine/configurationApply:ConfigurationApply").map((r) => r.inputs.node)).toEqual([
      "192.168.0.11",
      "192.168.0.12",
      "192.168.0.13",
    ]);
    expect(talosOf(prod, "machine/bootstrap:Bootstrap").map((r) => r.inputs.node)).toEqual(["192.168.0.11"]);
    expect(talosOf(prod, "cluster/kubeconfig:Kubeconfig").map((r) => [r.inputs.node, r.inputs.endpoint])).toEqual([
      ["192.168.0.100", "192.168.0.100"],
    ]);
  });

  it("pins every Talos resource to plugin 0.8.1 from the pulumiverse GitHub releases", () => {
    const talos = prod.resources.filter(
      (r) => r.type.startsWith("talos:machine/") || r.type.startsWith("talos:cluster/"),
    );
    expect(talos).toHaveLength(6);
    expect(new Set(talos.map((r) => JSON.stringify(r.package)))).toEqual(
      new Set([JSON.stringify({ version: "0.8.1", pluginDownloadURL: "github://api.github.com/pulumiverse" })]),
    );
  });

  it("exports kubeconfig and talosconfig as secrets", () => {
    expect([prod.outputs.kubeconfig, prod.outputs.talosconfig]).toEqual(["[secret]", "[secret]"]);
  });

  it("protects and retains the cluster secrets, as the safety data requires", () => {
    const [secrets] = talosOf(prod, "machine/secrets:Secrets");
    expect([secrets.options.protect, secrets.options.retainOnDelete]).toEqual([true, true]);
    expect(talosDataBearing.map((d) => [d.type, d.requires])).toEqual([
      ["talos:machine/secrets:Secrets", { protect: true, retainOnDelete: true }],
    ]);
  });

  it("pins Talos v1.12.3 and Kubernetes 1.35.0 explicitly on the secrets and every machine config", () => {
    expect(talosOf(prod, "machine/secrets:Secrets")[0].inputs.talosVersion).toBe("v1.12.3");
    const calls = configCalls(prod).map((c) => c.args as Record<string, unknown>);
    expect(calls.map((a) => [a.talosVersion, a.kubernetesVersion])).toEqual(Array(3).fill(["v1.12.3", "1.35.0"]));
  });

  it("makes each apply depend on its own VM and on no other VM", () => {
    const vms = new Map(
      prod.resources
        .filter((r) => /proxmoxve:.*[Vv]m/.test(r.type))
        .map((r) => [r.name.replace(/^portkey-/, ""), r.urn]),
    );
    expect([...vms.keys()].sort()).toEqual(["metal0", "metal1", "metal2"]);
    for (const apply of talosOf(prod, "machine/configurationApply:ConfigurationApply")) {
      const host = apply.name.replace(/^portkey-/, "");
      expect(apply.dependencies.filter((d) => [...vms.values()].includes(d))).toEqual([vms.get(host)]);
    }
  });

  it("bootstraps after metal0's apply and fetches the kubeconfig only after the health check (bootstrap and all applies)", () => {
    const urn = (r: PlanResource[]) => r.map((x) => x.urn);
    const [bootstrap] = talosOf(prod, "machine/bootstrap:Bootstrap");
    const applies = talosOf(prod, "machine/configurationApply:ConfigurationApply");
    expect(bootstrap.dependencies).toEqual(expect.arrayContaining([applies[0].urn]));
    expect(bootstrap.dependencies).not.toEqual(expect.arrayContaining([applies[1].urn]));
    expect(talosOf(prod, "cluster/kubeconfig:Kubeconfig")[0].dependencies).toEqual(
      expect.arrayContaining([bootstrap.urn, ...urn(applies)]),
    );
  });

  it("checks health without Kubernetes checks and builds the talosconfig with the node IPs, never the VIP", () => {
    const health = prod.invokes
      .filter((i) => i.token === "talos:cluster/getHealth:getHealth")
      .map((i) => i.args as Record<string, unknown>);
    const nodes = ["192.168.0.11", "192.168.0.12", "192.168.0.13"];
    expect(health.map((h) => [h.skipKubernetesChecks, h.controlPlaneNodes, h.endpoints])).toEqual([
      [true, nodes, nodes],
    ]);
    const client = prod.invokes
      .filter((i) => i.token === "talos:client/getConfiguration:getConfiguration")
      .map((i) => i.args as Record<string, unknown>);
    expect(client.map((c) => [c.endpoints, c.nodes])).toEqual([[nodes, nodes]]);
  });
});

describe("TalosCluster change isolation", () => {
  const talosInputs = (plan: Plan) => ({
    resources: Object.fromEntries(
      plan.resources.filter((r) => r.type.startsWith("talos:")).map((r) => [r.urn, r.inputs]),
    ),
    invokes: plan.invokes.filter((i) => i.token.startsWith("talos:")),
  });

  it("changing a Cilium or Argo CD setting (platform.hubble, platform.argocdIp) changes no Talos input", async () => {
    const inventory = readInventory();
    inventory.platform = { hubble: false, argocdIp: "192.168.0.226" };
    expect(talosInputs(await renderPlan({ inventory }))).toEqual(talosInputs(prod));
  });

  it("changing metal2's IP changes only metal2's apply and config, the cert SANs, and the node lists", async () => {
    const inventory = readInventory();
    (inventory.nodes as any).metal2.ip = "192.168.0.14";
    const moved = await renderPlan({ inventory });
    const before = talosInputs(prod).resources;
    const after = talosInputs(moved).resources;
    const changed = Object.keys(before).filter((urn) => JSON.stringify(before[urn]) !== JSON.stringify(after[urn]));
    expect(changed.map((u) => u.split("::").pop())).toEqual(["portkey-metal2"]);
    expect(after[changed[0]].node).toBe("192.168.0.14");

    const byHost = (plan: Plan) =>
      Object.fromEntries(configCalls(plan).map((c) => [hostOf(c.args), patchesOf(c.args)]));
    const [b, a] = [byHost(prod), byHost(moved)];
    expect(a.metal0[0].machine.certSANs).toEqual(["192.168.0.100", "192.168.0.11", "192.168.0.12", "192.168.0.14"]);
    expect(withoutSans(a.metal0)).toEqual(withoutSans(b.metal0));
    expect(withoutSans(a.metal1)).toEqual(withoutSans(b.metal1));
    expect(withoutSans(a.metal2)).not.toEqual(withoutSans(b.metal2));
    const health = moved.invokes.find((i) => i.token === "talos:cluster/getHealth:getHealth")!.args as Record<
      string,
      unknown
    >;
    expect(health.endpoints).toEqual(["192.168.0.11", "192.168.0.12", "192.168.0.14"]);
  });
});
