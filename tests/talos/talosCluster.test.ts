// The Talos layer in the plan of the real index.ts: what is registered, on which nodes, with which
// options and dependencies, what a preview calls, and what a change elsewhere does (not) touch.
import { spawnSync } from "child_process";
import { parse } from "yaml";
import { talosDataBearing } from "../../infra/talos/safety";
import { renderProgram as renderPlan } from "../../planner/program";
import type { Plan, PlanResource } from "../../planner/plan";
import { readInventory } from "../../planner/stackFile";
import { fourNodeInventory, Inventory, variant } from "../config/variants";
import { kubeconfigUnknownPlan, prodPlan, upPlan } from "../plans";
import { k8sTokens, otherTokens, proxmoxTokens, talosTokens } from "../../infra/tokens";

const talosOf = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === `talos:${type}`);
const applies = (plan: Plan) => talosOf(plan, "machine/configurationApply:ConfigurationApply");
const commands = (plan: Plan) => plan.resources.filter((r) => r.type === otherTokens.command);
const named = (plan: Plan, name: string) => plan.resources.find((r) => r.name === name)!;
const invokes = (plan: Plan, token: string) =>
  plan.invokes.filter((i) => i.token === token).map((i) => i.args as Record<string, any>);
const configCalls = (plan: Plan) => invokes(plan, talosTokens.getConfiguration);
const patchesOf = (args: any) => (args.configPatches as string[]).map((p) => parse(p));
const hostOf = (args: any) => patchesOf(args).find((d) => d.kind === "HostnameConfig").hostname as string;
const configsByHost = (plan: Plan) => Object.fromEntries(configCalls(plan).map((c) => [hostOf(c), c]));
const env = (r: PlanResource) => r.inputs.environment as Record<string, string>;
const cpIps = ["192.168.0.11", "192.168.0.12", "192.168.0.13"];

const prod = prodPlan();

describe("TalosCluster in the prod plan", () => {
  it("registers 1 Secrets, 3 applies on .11/.12/.13, and bootstrap and kubeconfig on metal0's own IP", () => {
    expect(talosOf(prod, "machine/secrets:Secrets")).toHaveLength(1);
    expect(applies(prod).map((r) => r.inputs.node)).toEqual(cpIps);
    expect(talosOf(prod, "machine/bootstrap:Bootstrap").map((r) => r.inputs.node)).toEqual(["192.168.0.11"]);
    expect(talosOf(prod, "cluster/kubeconfig:Kubeconfig").map((r) => [r.inputs.node, r.inputs.endpoint])).toEqual([
      ["192.168.0.11", "192.168.0.11"],
    ]);
  });

  it("pins every Talos resource to plugin 0.8.1 from the pulumiverse GitHub releases", () => {
    const talos = prod.resources.filter((r) => /^talos:(machine|cluster)\//.test(r.type));
    expect(talos).toHaveLength(6);
    expect(new Set(talos.map((r) => JSON.stringify(r.package)))).toEqual(
      new Set([JSON.stringify({ version: "0.8.1", pluginDownloadURL: "github://api.github.com/pulumiverse" })]),
    );
  });

  it("exports kubeconfig and talosconfig as secrets", () => {
    expect([prod.outputs.kubeconfig, prod.outputs.talosconfig]).toEqual(["[secret]", "[secret]"]);
  });

  it("protects and retains the cluster secrets, created on the v1.12 contract and never moved by a version change", () => {
    const [secrets] = talosOf(prod, "machine/secrets:Secrets");
    expect(secrets.inputs).toEqual({ talosVersion: "v1.12" });
    expect([secrets.options.protect, secrets.options.retainOnDelete, secrets.options.ignoreChanges]).toEqual([
      true,
      true,
      ["talosVersion"],
    ]);
    expect(talosDataBearing.map((d) => [d.type, d.requires])).toEqual([
      [talosTokens.secrets, { protect: true, retainOnDelete: true }],
    ]);
  });

  it("generates every machine config on the v1.12 contract with Kubernetes 1.35.0", () => {
    expect(configCalls(prod).map((a) => [a.talosVersion, a.kubernetesVersion])).toEqual(
      Array(3).fill(["v1.12", "1.35.0"]),
    );
  });

  it("replaces each config apply with its own VM and nothing else, and waits up to talos.applyTimeout", () => {
    const vmOf = (apply: PlanResource) =>
      prod.resources.find((r) => r.type === proxmoxTokens.vm && r.name === apply.name)!.urn;
    expect(applies(prod).map((a) => [a.options.replaceWith, a.inputs.timeouts])).toEqual(
      applies(prod).map((a) => [[vmOf(a)], { create: "15m", update: "15m" }]),
    );
  });

  it("waits for the API server's /readyz after the kubeconfig, up to talos.healthTimeout, before the provider configures", () => {
    const ready = named(prod, "portkey-api-ready");
    const kubeconfig = prod.resources.find((r) => r.type === talosTokens.kubeconfig)!;
    const provider = prod.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect([ready.inputs.create, ready.inputs.environment]).toEqual([
      "node infra/talos/scripts/api-ready.js",
      { PORTKEY_KUBECONFIG: "[secret]", DEADLINE_SECONDS: "1800" },
    ]);
    expect(ready.dependencies).toContain(kubeconfig.urn);
    expect(provider.dependencies).toContain(ready.urn);
  });

  it("chains the upgrades metal0 → metal1 → metal2 → Kubernetes, after every VM and before every apply", () => {
    const vms = prod.resources.filter((r) => r.type === proxmoxTokens.vm).map((r) => r.urn);
    const chain = ["metal0", "metal1", "metal2", "kubernetes"].map((n) => named(prod, `portkey-upgrade-${n}`));
    expect(
      commands(prod)
        .map((c) => c.name)
        .filter((n) => n !== "portkey-api-ready")
        .sort(),
    ).toEqual(chain.map((c) => c.name).sort());
    expect(chain[0].dependencies).toEqual(expect.arrayContaining(vms));
    chain.slice(1).forEach((step, i) => expect(step.dependencies).toContain(chain[i].urn));
    for (const apply of applies(prod)) expect(apply.dependencies).toContain(chain[3].urn);
  });

  it("upgrades through another control plane, runs no talosctl on create, and passes the talosconfig as a secret", () => {
    const steps = ["metal0", "metal1", "metal2"].map((n) => named(prod, `portkey-upgrade-${n}`));
    expect(steps.map((s) => [env(s).NODE_IP, env(s).ENDPOINT_IP, env(s).TARGET_VERSION])).toEqual([
      ["192.168.0.11", "192.168.0.12", "v1.12.3"],
      ["192.168.0.12", "192.168.0.11", "v1.12.3"],
      ["192.168.0.13", "192.168.0.11", "v1.12.3"],
    ]);
    expect(env(steps[1]).TARGET_IMAGE).toMatch(/^factory\.talos\.dev\/nocloud-installer\/[0-9a-f]{64}:v1\.12\.3$/);
    for (const step of [...steps, named(prod, "portkey-upgrade-kubernetes")]) {
      expect(step.inputs.create).not.toMatch(/talosctl|bash/);
      expect(step.inputs.update).toMatch(/^bash infra\/talos\/scripts\/upgrade-(node|kubernetes)\.sh$/);
      expect(env(step).PORTKEY_TALOSCONFIG).toBe("[secret]");
    }
    expect(env(named(prod, "portkey-upgrade-kubernetes"))).toMatchObject({
      TARGET_KUBERNETES: "1.35.0",
      NODE_NAMES: "metal0,metal1,metal2",
      ENDPOINT_IP: "192.168.0.11",
    });
  });

  it("bootstraps after metal0's apply and fetches the kubeconfig after the bootstrap", () => {
    const [bootstrap] = talosOf(prod, "machine/bootstrap:Bootstrap");
    const [metal0, metal1] = applies(prod);
    expect(bootstrap.dependencies).toContain(metal0.urn);
    expect(bootstrap.dependencies).not.toContain(metal1.urn);
    expect(talosOf(prod, "cluster/kubeconfig:Kubeconfig")[0].dependencies).toContain(bootstrap.urn);
  });

  it("builds the talosconfig with the control planes as endpoints and metal0 alone as the default node", () => {
    const client = invokes(prod, talosTokens.getClientConfiguration);
    expect(client.map((c) => [c.endpoints, c.nodes])).toEqual([[cpIps, ["192.168.0.11"]]]);
  });

  it("calls no health check in a preview; `up` checks Talos health once, gating the same kubeconfig inputs", async () => {
    expect(invokes(prod, talosTokens.getHealth)).toEqual([]);
    const up = upPlan();
    expect(
      invokes(up, talosTokens.getHealth).map((h) => [h.skipKubernetesChecks, h.controlPlaneNodes, h.timeouts]),
    ).toEqual([[true, cpIps, { read: "30m" }]]);
    const kubeconfig = (plan: Plan) => talosOf(plan, "cluster/kubeconfig:Kubeconfig")[0];
    expect(kubeconfig(up).inputs).toEqual(kubeconfig(prod).inputs);
    expect(kubeconfig(up).dependencies).toEqual(expect.arrayContaining(applies(up).map((a) => a.urn)));
  });

  it("keeps the Kubernetes provider's identity known and unchanged while a renewal plans the kubeconfig unknown", async () => {
    const renewal = kubeconfigUnknownPlan();
    const provider = (plan: Plan) => plan.resources.find((r) => r.type === k8sTokens.provider)!.inputs;
    expect(provider(renewal).kubeconfig).toBe("[unknown]");
    expect(provider(renewal).clusterIdentifier).toMatch(/^portkey\/\S+$/);
    expect(provider(renewal).clusterIdentifier).toBe(provider(prod).clusterIdentifier);
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

  it("adding worker metal3 leaves the three control-plane configs byte-identical, and upgrades it last", async () => {
    const four = await renderPlan({ inventory: fourNodeInventory() });
    const [before, after] = [configsByHost(prod), configsByHost(four)];
    for (const cp of ["metal0", "metal1", "metal2"]) expect(JSON.stringify(after[cp])).toBe(JSON.stringify(before[cp]));
    expect(after.metal3.machineType).toBe("worker");
    expect(named(four, "portkey-upgrade-metal3").dependencies).toContain(named(four, "portkey-upgrade-metal2").urn);
  });

  it("changing metal2's IP changes metal2's apply and config, and the control planes' cert SANs", async () => {
    const moved = await renderPlan({ inventory: variant("nodes.metal2.ip", "192.168.0.14") });
    const [b, a] = [talosInputs(prod).resources, talosInputs(moved).resources];
    const changed = Object.keys(b).filter((urn) => JSON.stringify(b[urn]) !== JSON.stringify(a[urn]));
    expect(changed.map((u) => u.split("::").pop())).toEqual(["portkey-metal2"]);
    const configs = configsByHost(moved);
    expect(patchesOf(configs.metal0)[0].machine.certSANs).toEqual([
      "192.168.0.100",
      "192.168.0.11",
      "192.168.0.12",
      "192.168.0.14",
    ]);
  });
});

describe("TalosCluster inventory switches", () => {
  it("with etcd backups on (prod), every control plane lets talos-backup take etcd snapshots; off, none does", async () => {
    const access = (plan: Plan) =>
      configCalls(plan).map((c) => [hostOf(c), patchesOf(c)[0].machine.features.kubernetesTalosAPIAccess]);
    const off = await renderPlan({ inventory: variant("backups.etcd", undefined) });
    expect(access(off)).toEqual([
      ["metal0", undefined],
      ["metal1", undefined],
      ["metal2", undefined],
    ]);
    const on = prod;
    const grant = { enabled: true, allowedRoles: ["os:etcd:backup"], allowedKubernetesNamespaces: ["talos-backup"] };
    expect(access(on)).toEqual([
      ["metal0", grant],
      ["metal1", grant],
      ["metal2", grant],
    ]);
  });

  it("while metal0 is being replaced, metal1 bootstraps, serves the kubeconfig and is talosctl's default node", async () => {
    const inventory: Inventory = fourNodeInventory();
    inventory.nodes.metal3.role = "controlplane";
    inventory.talos = { replacingControlPlane: "metal0" };
    const plan = await renderPlan({ inventory });
    expect(talosOf(plan, "machine/bootstrap:Bootstrap").map((r) => r.inputs.node)).toEqual(["192.168.0.12"]);
    expect(talosOf(plan, "cluster/kubeconfig:Kubeconfig").map((r) => r.inputs.node)).toEqual(["192.168.0.12"]);
    expect(invokes(plan, talosTokens.getClientConfiguration).map((c) => c.nodes)).toEqual([["192.168.0.12"]]);
  });

  it("with talos.recoverFrom, a protected recovery command replaces the bootstrap, after metal0's apply", async () => {
    const plan = await renderPlan({ inventory: variant("talos.recoverFrom", "./etcd.snapshot") });
    expect(talosOf(plan, "machine/bootstrap:Bootstrap")).toEqual([]);
    const recover = named(plan, "portkey-etcd-recover");
    expect([
      recover.inputs.create,
      env(recover).SNAPSHOT,
      env(recover).PORTKEY_TALOSCONFIG,
      recover.options.protect,
    ]).toEqual(["bash infra/talos/scripts/recover-etcd.sh", "./etcd.snapshot", "[secret]", true]);
    expect(recover.dependencies).toContain(applies(plan)[0].urn);
    // Its update does nothing: run as pulumi-command runs it on a changed environment (a renewed
    // talosconfig), with no talosctl on PATH, it hands back the last result and calls nothing.
    const update = spawnSync("/bin/bash", ["--norc", "-c", recover.inputs.update as string], {
      encoding: "utf8",
      env: { PATH: "/nonexistent", PULUMI_COMMAND_STDOUT: "recovered from etcd.snapshot" },
    });
    expect([update.status, update.stdout, update.stderr]).toEqual([0, "recovered from etcd.snapshot\n", ""]);
  });
});
