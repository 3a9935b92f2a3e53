// A node's Talos machine config patches as typed data, built by pure functions and serialised to
// YAML only at the edge. Talos v1.12 multi-document form: network settings are separate documents
// (the legacy machine.network keys are deprecated and absent from the v1.12 schema).
// see https://github.com/siderolabs/docs/tree/main/public/talos/v1.12/networking
import { stringify } from "yaml";
import type { ClusterConfig, NodeRole } from "../config";
import { parseCidr } from "../config/net";
import { nodeHardwareLabels } from "../labels";
import { installerImage } from "../providers/talos/imageFactory";

/** nocloud boots with net.ifnames=0, so the only NIC is eth0 (talos platform/nocloud/nocloud.go). */
export const nodeLink = "eth0";
/** The VM's SCSI disk (scsi0 on VirtIO SCSI). */
export const installDisk = "/dev/sda";
/** Talos' default KubePrism port; Cilium reaches the API through it (k8sServicePort). */
export const kubePrismPort = 7445;

/**
 * The v1alpha1 config paths Talos 1.12 applies without a reboot (talos v1.12.3
 * internal/app/machined/pkg/runtime/v1alpha1/v1alpha1_runtime.go, CanApplyImmediate); an apply in
 * the default "auto" mode reboots only for a change elsewhere (v1alpha1_server.go,
 * ApplyConfiguration). The other documents (Layer2VIPConfig, LinkConfig, …) are not compared there.
 * Every path the patches set lies under one of these (tests/talos/machineConfig.test.ts), so a
 * patch change restarts services but reboots no node, and the applies may run in parallel.
 */
export const immediatePaths = [
  "debug",
  "cluster",
  "machine.ca",
  "machine.acceptedCAs",
  "machine.time",
  "machine.certSANs",
  "machine.install",
  "machine.network",
  "machine.sysfs",
  "machine.sysctls",
  "machine.logging",
  "machine.controlPlane",
  "machine.kubelet",
  "machine.kernel",
  "machine.registries",
  "machine.pods",
  "machine.seccompProfiles",
  "machine.nodeAnnotations",
  "machine.nodeLabels",
  "machine.nodeTaints",
  "machine.features.kubernetesTalosAPIAccess",
  "machine.features.kubePrism",
  "machine.features.hostDNS",
  "machine.features.imageCache",
  "machine.features.nodeAddressSortAlgorithm",
] as const;

/** What one node's patches are built from: the node's own facts, all known when the VM exists. */
export interface NodeFacts {
  hostname: string;
  ip: string;
  role: NodeRole;
  schematicId: string;
  hardware: string[];
}

export interface Layer2VipConfig {
  apiVersion: "v1alpha1";
  kind: "Layer2VIPConfig";
  name: string;
  link: string;
}
export interface LinkConfig {
  apiVersion: "v1alpha1";
  kind: "LinkConfig";
  name: string;
  addresses: { address: string }[];
  routes: { gateway: string }[];
}
export interface HostnameConfig {
  apiVersion: "v1alpha1";
  kind: "HostnameConfig";
  auto: "off";
  hostname: string;
}
export interface ResolverConfig {
  apiVersion: "v1alpha1";
  kind: "ResolverConfig";
  nameservers: { address: string }[];
}
/** Kubernetes namespaces whose service accounts may call the Talos API, and the roles they get. */
export interface TalosApiAccess {
  namespaces: string[];
  roles: string[];
}

/** The v1alpha1.Config patch (a document without apiVersion/kind), only the keys we set. */
export interface V1Alpha1Patch {
  machine: {
    install: { disk: string; image: string };
    certSANs: string[];
    features: {
      kubePrism: { enabled: true; port: number };
      kubernetesTalosAPIAccess?: { enabled: true; allowedRoles: string[]; allowedKubernetesNamespaces: string[] };
    };
    nodeLabels?: Record<string, string>;
  };
  cluster: {
    clusterName: string;
    controlPlane: { endpoint: string };
    network: { cni: { name: "none" }; podSubnets: string[]; serviceSubnets: string[] };
    proxy: { disabled: true };
    allowSchedulingOnControlPlanes?: true;
    apiServer?: { certSANs: string[] };
  };
}
export type MachineDocument = V1Alpha1Patch | Layer2VipConfig | LinkConfig | HostnameConfig | ResolverConfig;

/** The Kubernetes API endpoint every node and client uses: the control-plane VIP. */
export function clusterEndpoint(vip: string): string {
  return `https://${vip}:6443`;
}

/**
 * Certificate SANs: the VIP and the control-plane IPs, where clients reach the Talos and Kubernetes
 * APIs. Talos adds each node's own addresses itself (v1alpha1 config reference, machine.certSANs),
 * so a worker joining or leaving changes no control plane's config.
 */
export function certSans(vip: string, controlPlaneIps: string[]): string[] {
  return [vip, ...[...controlPlaneIps].sort()];
}

/** Everything one node's patches are built from. */
export interface MachineConfigInputs {
  cluster: ClusterConfig;
  node: NodeFacts;
  /** Cert SANs (certSans()). */
  sans: string[];
  /** The Talos OS version the installer image carries. */
  talosVersion: string;
  /** Granted on control planes, where the Talos API serves etcd. */
  talosApiAccess: TalosApiAccess;
}

export function v1alpha1Patch(inputs: MachineConfigInputs): V1Alpha1Patch {
  const { cluster, node, sans, talosVersion, talosApiAccess } = inputs;
  const labels = nodeHardwareLabels(node.hardware);
  const controlPlane = node.role === "controlplane";
  return {
    machine: {
      install: { disk: installDisk, image: installerImage(node.schematicId, talosVersion) },
      certSANs: sans,
      features: {
        kubePrism: { enabled: true, port: kubePrismPort },
        // etcd snapshots from a CronJob (talos-backup) through the Talos API; control planes only.
        // see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/kubernetes-guides/advanced-guides/talos-api-access-from-k8s.mdx
        ...(controlPlane && talosApiAccess.namespaces.length > 0
          ? {
              kubernetesTalosAPIAccess: {
                enabled: true as const,
                allowedRoles: [...talosApiAccess.roles].sort(),
                allowedKubernetesNamespaces: [...talosApiAccess.namespaces].sort(),
              },
            }
          : {}),
      },
      ...(Object.keys(labels).length > 0 ? { nodeLabels: labels } : {}),
    },
    cluster: {
      clusterName: cluster.name,
      controlPlane: { endpoint: clusterEndpoint(cluster.vip) },
      // Cilium replaces both flannel and kube-proxy.
      // see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/kubernetes-guides/cni/deploying-cilium.mdx
      network: { cni: { name: "none" }, podSubnets: [cluster.podCidr], serviceSubnets: [cluster.serviceCidr] },
      proxy: { disabled: true },
      ...(controlPlane ? { allowSchedulingOnControlPlanes: true as const, apiServer: { certSANs: sans } } : {}),
    },
  };
}

/** Static address, default route, hostname and resolvers; the VIP only on control planes. */
export function networkDocuments(cluster: ClusterConfig, node: NodeFacts): MachineDocument[] {
  const prefix = parseCidr(cluster.nodeSubnet)?.prefix;
  if (prefix === undefined) throw new Error(`cluster.nodeSubnet "${cluster.nodeSubnet}" is not a CIDR`);
  const docs: MachineDocument[] = [];
  if (node.role === "controlplane") {
    // see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/networking/advanced/vip.mdx
    docs.push({ apiVersion: "v1alpha1", kind: "Layer2VIPConfig", name: cluster.vip, link: nodeLink });
  }
  docs.push(
    {
      apiVersion: "v1alpha1",
      kind: "LinkConfig",
      name: nodeLink,
      addresses: [{ address: `${node.ip}/${prefix}` }],
      routes: [{ gateway: cluster.gateway }],
    },
    // "off": the generated v1.12 config sets auto: stable, which would name the node from its MAC.
    { apiVersion: "v1alpha1", kind: "HostnameConfig", auto: "off", hostname: node.hostname },
    { apiVersion: "v1alpha1", kind: "ResolverConfig", nameservers: cluster.dns.map((address) => ({ address })) },
  );
  return docs;
}

export function machineDocuments(inputs: MachineConfigInputs): MachineDocument[] {
  return [v1alpha1Patch(inputs), ...networkDocuments(inputs.cluster, inputs.node)];
}

/** One YAML patch string per document, as getConfiguration's configPatches takes them. */
export function toPatches(docs: MachineDocument[]): string[] {
  // No YAML anchors: the SAN list appears twice and must read as plain data.
  // YAML 1.1 rules for quoting: `off`, `on`, `yes` stay strings for any reader (HostnameConfig.auto).
  return docs.map((doc) => stringify(doc, { aliasDuplicateObjects: false, version: "1.1" }));
}

/** Kubernetes version as the provider passes it to Talos ("1.35.0"); it strips a leading "v"
 *  itself, but the documented form has none.
 *  see https://github.com/siderolabs/terraform-provider-talos/blob/main/pkg/talos/util.go */
export function providerKubernetesVersion(version: string): string {
  return version.replace(/^v/, "");
}
