// A node's Talos machine config patches as typed data, built by pure functions and serialised to
// YAML only at the edge. Talos v1.12 multi-document form: network settings are separate documents
// (the legacy machine.network keys are deprecated and absent from the v1.12 schema).
// see https://github.com/siderolabs/docs/tree/main/public/talos/v1.12/networking
import { stringify } from "yaml";
import type { ClusterConfig, NodeRole } from "../config";
import { parseCidr } from "../config/net";
import { nodeHardwareLabels } from "../labels";
import { installerImage } from "./factoryUrls";

/** nocloud boots with net.ifnames=0, so the only NIC is eth0 (talos platform/nocloud/nocloud.go). */
export const nodeLink = "eth0";
/** The VM's SCSI disk (scsi0 on VirtIO SCSI). */
export const installDisk = "/dev/sda";
/** Talos' default KubePrism port; Cilium reaches the API through it (k8sServicePort). */
export const kubePrismPort = 7445;

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
/** The v1alpha1.Config patch (a document without apiVersion/kind), only the keys we set. */
export interface V1Alpha1Patch {
  machine: {
    install: { disk: string; image: string };
    certSANs: string[];
    features: { kubePrism: { enabled: true; port: number } };
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

/** Certificate SANs: the VIP and every node IP, so the API answers on any of them. */
export function certSans(vip: string, nodeIps: string[]): string[] {
  return [vip, ...[...nodeIps].sort()];
}

export function v1alpha1Patch(
  cluster: ClusterConfig,
  node: NodeFacts,
  sans: string[],
  talosVersion: string,
): V1Alpha1Patch {
  const labels = nodeHardwareLabels(node.hardware);
  const controlPlane = node.role === "controlplane";
  return {
    machine: {
      install: { disk: installDisk, image: installerImage(node.schematicId, talosVersion) },
      certSANs: sans,
      features: { kubePrism: { enabled: true, port: kubePrismPort } },
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

export function machineDocuments(
  cluster: ClusterConfig,
  node: NodeFacts,
  sans: string[],
  talosVersion: string,
): MachineDocument[] {
  return [v1alpha1Patch(cluster, node, sans, talosVersion), ...networkDocuments(cluster, node)];
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
