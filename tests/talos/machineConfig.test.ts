// The machine-config patches: pure-function facts, and every document the program sends per node
// validated against the Talos v1.12 config schema, selected by kind.
import { parse, parseAllDocuments } from "yaml";
import { siteConfig } from "../site";
import {
  certSans,
  immediatePaths,
  MachineConfigInputs,
  machineDocuments,
  providerKubernetesVersion,
  toPatches,
  V1Alpha1Patch,
} from "../../infra/talos/machineConfig";
import { installerImage } from "../../infra/providers/talos/imageFactory";
import { describeConformance } from "../fixtures";
import { prodPlan } from "../plans";
import { machineConfigValidator } from "./schemas";
import { talosTokens } from "../../infra/tokens";

const cluster = siteConfig().cluster;
const metal1 = {
  hostname: "metal1",
  ip: "192.168.0.12",
  role: "controlplane" as const,
  schematicId: "f".repeat(64),
  hardware: ["gpu"],
};
const noAccess = { namespaces: [], roles: [] };
const inputs = (over: Partial<MachineConfigInputs> = {}): MachineConfigInputs => ({
  cluster,
  node: metal1,
  sans: ["192.168.0.100"],
  talosVersion: "v1.12.3",
  talosApiAccess: noAccess,
  ...over,
});

/** Every leaf path of a document, e.g. "machine.install.image". */
function leafPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe("Talos machine config (pure)", () => {
  it("builds the nocloud installer image from the schematic and the Talos version", () => {
    expect(installerImage("abc123", "v1.12.3")).toBe("factory.talos.dev/nocloud-installer/abc123:v1.12.3");
  });

  it("puts the VIP first and the control-plane IPs sorted in the cert SANs", () => {
    expect(certSans("192.168.0.100", ["192.168.0.13", "192.168.0.11"])).toEqual([
      "192.168.0.100",
      "192.168.0.11",
      "192.168.0.13",
    ]);
  });

  it("passes the Kubernetes version without the leading v", () => {
    expect(providerKubernetesVersion("v1.35.0")).toBe("1.35.0");
  });

  it("gives a control plane the v1alpha1 patch, the VIP on eth0, its static link, hostname and resolvers", () => {
    const docs = machineDocuments(inputs());
    expect(docs.map((d) => ("kind" in d ? d.kind : "v1alpha1"))).toEqual([
      "v1alpha1",
      "Layer2VIPConfig",
      "LinkConfig",
      "HostnameConfig",
      "ResolverConfig",
    ]);
    expect(docs[1]).toEqual({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: "192.168.0.100", link: "eth0" });
    expect(docs[2]).toEqual({
      apiVersion: "v1alpha1",
      kind: "LinkConfig",
      name: "eth0",
      addresses: [{ address: "192.168.0.12/24" }],
      routes: [{ gateway: "192.168.0.1" }],
    });
    expect(docs[3]).toEqual({ apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "off", hostname: "metal1" });
    expect(docs[4]).toEqual({
      apiVersion: "v1alpha1",
      kind: "ResolverConfig",
      nameservers: [{ address: "192.168.0.1" }],
    });
  });

  it("sets CNI none, no kube-proxy, the inventory subnets, scheduling on control planes, KubePrism 7445 and the GPU label", () => {
    const [v1] = machineDocuments(inputs());
    expect(v1).toEqual({
      machine: {
        install: { disk: "/dev/sda", image: `factory.talos.dev/nocloud-installer/${"f".repeat(64)}:v1.12.3` },
        certSANs: ["192.168.0.100"],
        features: { kubePrism: { enabled: true, port: 7445 } },
        nodeLabels: { "intel.feature.node.kubernetes.io/gpu": "true" },
      },
      cluster: {
        clusterName: "portkey",
        controlPlane: { endpoint: "https://192.168.0.100:6443" },
        network: { cni: { name: "none" }, podSubnets: ["10.0.0.0/16"], serviceSubnets: ["10.43.0.0/16"] },
        proxy: { disabled: true },
        allowSchedulingOnControlPlanes: true,
        apiServer: { certSANs: ["192.168.0.100"] },
      },
    });
  });

  it("gives a worker no VIP document", () => {
    const kinds = machineDocuments(inputs({ node: { ...metal1, role: "worker" }, sans: [] })).map((d) =>
      "kind" in d ? d.kind : "v1alpha1",
    );
    expect(kinds).toEqual(["v1alpha1", "LinkConfig", "HostnameConfig", "ResolverConfig"]);
  });

  it("lets the talos-backup namespace take etcd snapshots through the Talos API on control planes only", () => {
    const access = { namespaces: ["talos-backup"], roles: ["os:etcd:backup"] };
    const [cp] = machineDocuments(inputs({ talosApiAccess: access }));
    expect((cp as V1Alpha1Patch).machine.features).toEqual({
      kubePrism: { enabled: true, port: 7445 },
      kubernetesTalosAPIAccess: {
        enabled: true,
        allowedRoles: ["os:etcd:backup"],
        allowedKubernetesNamespaces: ["talos-backup"],
      },
    });
    const [worker] = machineDocuments(inputs({ node: { ...metal1, role: "worker" }, talosApiAccess: access }));
    expect((worker as V1Alpha1Patch).machine.features).toEqual({ kubePrism: { enabled: true, port: 7445 } });
  });

  it("sets only paths Talos 1.12 applies without a reboot, so parallel applies never reboot two nodes", () => {
    const access = { namespaces: ["talos-backup"], roles: ["os:etcd:backup"] };
    const [v1, ...others] = machineDocuments(inputs({ talosApiAccess: access }));
    const paths = leafPaths(v1);
    expect(paths).toEqual(expect.arrayContaining(["machine.install.image", "cluster.proxy.disabled"]));
    const rebooting = paths.filter((p) => !immediatePaths.some((i) => p === i || p.startsWith(`${i}.`)));
    expect(rebooting).toEqual([]);
    // The other documents are not v1alpha1: CanApplyImmediate does not compare them.
    expect(others.every((d) => "kind" in d && d.apiVersion === "v1alpha1")).toBe(true);
  });

  it("serialises one plain YAML document per patch (no anchors), quoting the HostnameConfig auto value", () => {
    const patches = toPatches(machineDocuments(inputs()));
    expect(patches).toHaveLength(5);
    expect(patches.join("")).not.toMatch(/[&*]a\d/);
    // A YAML 1.1 reader takes a bare `off` for the boolean false.
    expect(patches[3]).toContain('auto: "off"');
    expect(parse(patches[3])).toEqual({
      apiVersion: "v1alpha1",
      kind: "HostnameConfig",
      auto: "off",
      hostname: "metal1",
    });
  });
});

describeConformance("Talos patches conform to the v1.12 machine-config schema", () => {
  const validate = machineConfigValidator();

  it("validates every patch document of every node in the plan, selected by kind", () => {
    const calls = prodPlan().invokes.filter((i) => i.token === talosTokens.getConfiguration);
    expect(calls).toHaveLength(3);
    const docs = calls.flatMap((c) =>
      (c.args as { configPatches: string[] }).configPatches.flatMap((p) => parseAllDocuments(p).map((d) => d.toJSON())),
    );
    expect(docs).toHaveLength(3 * 5);
    expect(docs.flatMap((d) => validate(d))).toEqual([]);
  });

  it("validates the control planes' Talos API access for etcd backups", () => {
    const access = { namespaces: ["talos-backup"], roles: ["os:etcd:backup"] };
    const [v1] = machineDocuments(inputs({ talosApiAccess: access }));
    expect((v1 as V1Alpha1Patch).machine.features.kubernetesTalosAPIAccess).toBeDefined();
    expect(validate({ ...v1 })).toEqual([]);
  });

  it("rejects a patch in the legacy network form and a VIP document without its name", () => {
    expect(
      validate({ machine: { network: { interfaces: [{ interface: "eth0", vip: { ip: "192.168.0.100" } }] } } }),
    ).not.toEqual([]);
    expect(validate({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", link: "eth0" })).not.toEqual([]);
  });
});
