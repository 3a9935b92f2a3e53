// The Talos layer: cluster secrets, one machine config and apply per VM, the etcd bootstrap (or
// its recovery from a snapshot), rolling upgrades, a health gate, and the credentials
// (kubeconfig, talosconfig, one explicit k8s.Provider).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, TalosConfig } from "../config";
import type { ProvisionedNode } from "../proxmox/types";
import { kubernetesVersion, talosConfigContract, talosVersion } from "../versions";
import { durationSeconds } from "../config/checks";
import { apiServerReady } from "./apiReady";
import { bootstrapStep } from "./bootstrap";
import { getClientConfigurationOutput } from "../providers/talos/client";
import { getHealthOutput, Kubeconfig } from "../providers/talos/cluster";
import { ConfigurationApply, getConfigurationOutput, Secrets } from "../providers/talos/machine";
import {
  certSans,
  clusterEndpoint,
  machineDocuments,
  providerKubernetesVersion,
  TalosApiAccess,
  toPatches,
} from "./machineConfig";
import { upgradeOrder } from "./upgradeOrder";
import { rollingUpgrades } from "./upgrades";

export interface TalosClusterArgs {
  /** Name, VIP, node subnet, gateway, DNS, pod and service CIDRs. */
  cluster: ClusterConfig;
  /** Timeouts, a control plane being replaced, a snapshot to recover etcd from. */
  talos: TalosConfig;
  /** The VMs by hostname, from the Proxmox layer. */
  nodes: Record<string, ProvisionedNode>;
  /** Kubernetes namespaces whose service accounts may call the Talos API (etcd backups). */
  talosApiAccess: TalosApiAccess;
  /** The etcd backups' age recipient, if they are on: what an upgrade's kept snapshot is encrypted to. */
  snapshotRecipient?: pulumi.Input<string>;
  /** Protect the cluster secrets from deletion (off only on scratch stacks). */
  protect: boolean;
}

/** The control plane that bootstraps, serves the kubeconfig and is talosctl's default node. */
export function primaryControlPlane(nodes: Record<string, Pick<ProvisionedNode, "role">>, replacing?: string): string {
  const [first] = upgradeOrder(nodes).filter((h) => nodes[h].role === "controlplane" && h !== replacing);
  if (first === undefined) throw new pulumi.RunError("the cluster needs a control plane that is not being replaced");
  return first;
}

export class TalosCluster extends pulumi.ComponentResource {
  /** Admin kubeconfig (secret), fetched from the primary control plane. */
  readonly kubeconfig: pulumi.Output<string>;
  /** talosctl config: the control planes as endpoints, the primary one as the default node (secret). */
  readonly talosconfig: pulumi.Output<string>;
  /** The one Kubernetes provider the platform layer deploys through. */
  readonly provider: k8s.Provider;
  /**
   * The same cluster, for the namespaces of backed-up apps only: creating one that exists adopts
   * it (`upsertExistingObjects`; pulumi-kubernetes >= 4.29 answers AlreadyExists otherwise). Only
   * for objects that are never deleted (retainOnDelete), so a create-then-delete cannot remove one.
   */
  readonly adoptingProvider: k8s.Provider;

  constructor(name: string, args: TalosClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:talos:TalosCluster", name, {}, opts);
    const { cluster, nodes, talos } = args;
    const order = upgradeOrder(nodes);
    const controlPlanes = order.filter((h) => nodes[h].role === "controlplane");
    const primary = primaryControlPlane(nodes, talos.replacingControlPlane);
    const primaryIp = nodes[primary].ip;
    const cpIps = controlPlanes.map((h) => nodes[h].ip);

    // The PKI keeps the contract it was created with: raising talosVersion only updates the resource,
    // but lowering it ("v1.12" < "v1.12.3") replaces every certificate (terraform-provider-talos
    // v0.11.0 talos_machine_secrets_resource.go, PlanModifyString). Retained on delete: a lost PKI
    // means rebuilding every node. A routine `up` in the month before the talosconfig's client
    // certificate expires renews it (same file, ModifyPlan/Update).
    const secrets = new Secrets(
      name,
      { talosVersion: talosConfigContract },
      { parent: this, protect: args.protect, retainOnDelete: true, ignoreChanges: ["talosVersion"] },
    );
    // see https://github.com/siderolabs/docs/blob/main/public/talos/v1.12/networking/advanced/vip.mdx
    // ("don't use the VIP as the endpoint in the talosconfig"); one default node, so a talosctl
    // command typed without -n never reaches the whole control plane.
    this.talosconfig = pulumi.secret(
      getClientConfigurationOutput(
        {
          clusterName: cluster.name,
          clientConfiguration: secrets.clientConfiguration,
          endpoints: cpIps,
          nodes: [primaryIp],
        },
        { parent: this },
      ).talosConfig,
    );

    // OS and Kubernetes upgrades run before any config is applied, so the applies that follow a
    // version bump change nothing that restarts a node's control plane.
    const upgraded = rollingUpgrades(
      name,
      {
        nodes,
        talosVersion,
        kubernetesVersion: providerKubernetesVersion(kubernetesVersion),
        primary,
        talosconfig: this.talosconfig,
        deadlineSeconds: durationSeconds(talos.healthTimeout),
        snapshotRecipient: args.snapshotRecipient,
      },
      { parent: this },
    );

    // Cert SANs from the inventory, as plain data: no node's config waits on another node's VM.
    const sans = certSans(
      cluster.vip,
      controlPlanes.map((h) => nodes[h].address),
    );
    const timeouts = { create: talos.applyTimeout, update: talos.applyTimeout };
    const applies: Record<string, ConfigurationApply> = {};
    for (const hostname of order) {
      const node = nodes[hostname];
      const patches = pulumi.all([node.ip, node.schematicId]).apply(([ip, schematicId]) =>
        toPatches(
          machineDocuments({
            cluster,
            node: { hostname, ip, role: node.role, schematicId, hardware: node.hardware },
            sans,
            talosVersion,
            talosApiAccess: args.talosApiAccess,
          }),
        ),
      );
      const machineConfig = getConfigurationOutput(
        {
          clusterName: cluster.name,
          clusterEndpoint: clusterEndpoint(cluster.vip),
          machineType: node.role,
          machineSecrets: secrets.machineSecrets,
          configPatches: patches,
          // Explicit: plugin 0.8.x would otherwise generate a Talos 1.13 / Kubernetes 1.36 config.
          talosVersion: talosConfigContract,
          kubernetesVersion: providerKubernetesVersion(kubernetesVersion),
        },
        { parent: this },
      );
      // Every path the patches set applies without a reboot (machineConfig.ts, immediatePaths), so
      // the applies run in parallel. A replaced VM boots unconfigured: its apply is replaced with it.
      // No onDestroy reset: Pulumi replaces create-first, so a reset would wipe the new node.
      applies[hostname] = new ConfigurationApply(
        `${name}-${hostname}`,
        {
          node: node.ip,
          clientConfiguration: secrets.clientConfiguration,
          machineConfigurationInput: machineConfig.machineConfiguration,
          timeouts,
        },
        { parent: this, dependsOn: [upgraded], replaceWith: [node.vm] },
      );
    }

    const bootstrap = bootstrapStep(
      name,
      {
        node: primaryIp,
        clientConfiguration: secrets.clientConfiguration,
        recoverFrom: talos.recoverFrom,
        talosconfig: this.talosconfig,
        // The provider's Bootstrap retries for its create timeout; the recovery for the apply's.
        deadlineSeconds: durationSeconds(talos.applyTimeout),
      },
      { parent: this, dependsOn: [applies[primary]] },
    );

    // The health gate runs in `up` only: on an existing stack a preview knows every argument and
    // would call live nodes (@pulumi/pulumi runtime/invoke.js), so a node down for maintenance
    // would fail every preview. Talos-level checks only: with cni "none" the Kubernetes checks
    // cannot pass before Cilium. Both ways the kubeconfig gets the same credentials: no diff.
    const gate = pulumi.runtime.isDryRun()
      ? secrets.clientConfiguration
      : getHealthOutput(
          {
            clientConfiguration: secrets.clientConfiguration,
            controlPlaneNodes: cpIps,
            workerNodes: order.filter((h) => !controlPlanes.includes(h)).map((h) => nodes[h].ip),
            endpoints: cpIps,
            skipKubernetesChecks: true,
            timeouts: { read: talos.healthTimeout },
          },
          { parent: this, dependsOn: [bootstrap, ...Object.values(applies)] },
        ).clientConfiguration;

    // From a control plane's own address (the VIP depends on etcd). Renewed by a routine `up` in
    // the last 720h of its one-year certificate (talos_cluster_kubeconfig_resource.go ModifyPlan).
    const kubeconfig = new Kubeconfig(
      name,
      { node: primaryIp, endpoint: primaryIp, clientConfiguration: gate },
      // Only once etcd runs; in `up` also only after the health gate passed (its input).
      { parent: this, dependsOn: [bootstrap] },
    );
    this.kubeconfig = pulumi.secret(kubeconfig.kubeconfigRaw);

    // A renewal plans the kubeconfig unknown; pulumi-kubernetes then replaces its provider (and
    // every resource on it) unless clusterIdentifier is set and unchanged (provider.go DiffConfig).
    // The Talos cluster id changes only when the cluster secrets do: a truly new cluster.
    const clusterIdentifier = pulumi.unsecret(
      pulumi.interpolate`${cluster.name}/${secrets.machineSecrets.apply((s) => s.cluster.id)}`,
    );
    const readyKubeconfig = apiServerReady(
      name,
      { kubeconfig: this.kubeconfig, timeout: talos.healthTimeout },
      { parent: this },
    );
    this.provider = new k8s.Provider(name, { kubeconfig: readyKubeconfig, clusterIdentifier }, { parent: this });
    this.adoptingProvider = new k8s.Provider(
      `${name}-adopting`,
      { kubeconfig: readyKubeconfig, clusterIdentifier, upsertExistingObjects: true },
      { parent: this },
    );

    this.registerOutputs({ kubeconfig: this.kubeconfig, talosconfig: this.talosconfig });
  }
}
