// The Talos layer: cluster secrets, one machine config and apply per VM, the etcd bootstrap, a
// Talos health gate, and the credentials (kubeconfig, talosconfig, one explicit k8s.Provider).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, NodeConfig } from "../config";
import type { ProvisionedNode } from "../proxmox/types";
import { kubernetesVersion, talosVersion } from "../versions";
import { getClientConfigurationOutput } from "./bindings/client";
import { getHealthOutput, Kubeconfig } from "./bindings/cluster";
import { Bootstrap, ConfigurationApply, getConfigurationOutput, Secrets } from "./bindings/machine";
import { certSans, clusterEndpoint, machineDocuments, providerKubernetesVersion, toPatches } from "./machineConfig";

export interface TalosClusterArgs {
  /** Name, VIP, node subnet, gateway, DNS, pod and service CIDRs. */
  cluster: ClusterConfig;
  /** Inventory nodes by hostname: IP (every node's cert SANs), role (bootstrap), hardware (labels). */
  nodes: Record<string, Pick<NodeConfig, "ip" | "role" | "hardware">>;
  /** The VMs by hostname, from the Proxmox layer: each node's own IP and schematic come from here. */
  vms: Record<string, ProvisionedNode>;
  /** Protect the cluster secrets from deletion (off only on scratch stacks). */
  protect: boolean;
}

export class TalosCluster extends pulumi.ComponentResource {
  /** Admin kubeconfig for the VIP endpoint (secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** talosctl config with the control-plane IPs as endpoints (secret). */
  readonly talosconfig: pulumi.Output<string>;
  /** The one Kubernetes provider the platform layer deploys through. */
  readonly provider: k8s.Provider;

  constructor(name: string, args: TalosClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:talos:TalosCluster", name, {}, opts);
    const { cluster } = args;
    const hostnames = Object.keys(args.nodes).sort();
    const controlPlanes = hostnames.filter((h) => args.nodes[h].role === "controlplane");
    if (controlPlanes.length === 0) throw new Error("TalosCluster needs at least one control-plane node");
    const missing = hostnames.filter((h) => !args.vms[h]);
    if (missing.length > 0) throw new Error(`TalosCluster: no VM for ${missing.join(", ")}`);
    const ipOf = (h: string) => args.vms[h].ip;

    // Retained on delete: a lost PKI means rebuilding every node (README: re-import).
    const secrets = new Secrets(name, { talosVersion }, { parent: this, protect: args.protect, retainOnDelete: true });

    // SANs from the inventory, as plain data: no node's config waits on another node's VM.
    const sans = certSans(
      cluster.vip,
      hostnames.map((h) => args.nodes[h].ip),
    );
    const applies: Record<string, ConfigurationApply> = {};
    for (const hostname of hostnames) {
      const [vm, config] = [args.vms[hostname], args.nodes[hostname]];
      const patches = pulumi
        .all([vm.ip, vm.schematicId])
        .apply(([ip, schematicId]) =>
          toPatches(
            machineDocuments(
              cluster,
              { hostname, ip, role: config.role, schematicId, hardware: config.hardware },
              sans,
              talosVersion,
            ),
          ),
        );
      const machineConfig = getConfigurationOutput(
        {
          clusterName: cluster.name,
          clusterEndpoint: clusterEndpoint(cluster.vip),
          machineType: config.role,
          machineSecrets: secrets.machineSecrets,
          configPatches: patches,
          // Explicit: plugin 0.8.x would otherwise generate a Talos 1.13 / Kubernetes 1.36 config.
          talosVersion,
          kubernetesVersion: providerKubernetesVersion(kubernetesVersion),
        },
        { parent: this },
      );
      applies[hostname] = new ConfigurationApply(
        `${name}-${hostname}`,
        {
          node: vm.ip,
          clientConfiguration: secrets.clientConfiguration,
          machineConfigurationInput: machineConfig.machineConfiguration,
        },
        { parent: this },
      );
    }

    // etcd is bootstrapped once, on one node's own address: the VIP only exists after it.
    const first = controlPlanes[0];
    const bootstrap = new Bootstrap(
      name,
      {
        node: ipOf(first),
        clientConfiguration: secrets.clientConfiguration,
      },
      { parent: this, dependsOn: [applies[first]] },
    );

    // Talos-level health only: with cni "none" the Kubernetes checks cannot pass before Cilium.
    const cpIps = controlPlanes.map(ipOf);
    const health = getHealthOutput(
      {
        clientConfiguration: secrets.clientConfiguration,
        controlPlaneNodes: cpIps,
        workerNodes: hostnames.filter((h) => !controlPlanes.includes(h)).map(ipOf),
        endpoints: cpIps,
        skipKubernetesChecks: true,
      },
      { parent: this, dependsOn: [bootstrap, ...Object.values(applies)] },
    );

    // The credentials the health check used, so the kubeconfig is fetched only once it passed.
    const kubeconfig = new Kubeconfig(
      name,
      {
        node: cluster.vip,
        endpoint: cluster.vip,
        clientConfiguration: health.clientConfiguration,
      },
      { parent: this },
    );
    this.kubeconfig = pulumi.secret(kubeconfig.kubeconfigRaw);

    // see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/networking/advanced/vip.mdx
    // ("don't use the VIP as the endpoint in the talosconfig")
    this.talosconfig = pulumi.secret(
      getClientConfigurationOutput(
        {
          clusterName: cluster.name,
          clientConfiguration: secrets.clientConfiguration,
          endpoints: cpIps,
          nodes: hostnames.map(ipOf),
        },
        { parent: this },
      ).talosConfig,
    );

    this.provider = new k8s.Provider(name, { kubeconfig: this.kubeconfig }, { parent: this });

    this.registerOutputs({ kubeconfig: this.kubeconfig, talosconfig: this.talosconfig });
  }
}
