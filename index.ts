// portkey: the table of contents. Config first, then a read-only check of the Proxmox hosts, then
// the layers in order: Proxmox VMs → Talos → cluster platform → backups.
//
// The program is async for one reason: the preflight's answers must be in before any layer
// registers a resource, so a host that cannot take the stack stops `preview` and `up` with one
// message per problem and nothing planned or changed (infra/proxmox/hostCheck.ts).
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./infra/config";
import { checkProxmoxHosts } from "./infra/proxmox/hostCheck";
import { ProxmoxNodes } from "./infra/proxmox/proxmoxNodes";
import { TalosCluster } from "./infra/talos/talosCluster";
import { Platform } from "./infra/k8s/platform";
import { serialDevices } from "./infra/k8s/usbDevices";
import { Backups } from "./infra/backups/backups";
import { etcdBackupAccess } from "./infra/backups/etcdBackup";
import { ageRecipient } from "./infra/backups/age";

export = async () => {
  const config = loadConfig();

  // preflight: Proxmox version, image datastores, mapped PCI and USB devices
  await checkProxmoxHosts("portkey", {
    proxmox: config.proxmox,
    nodes: config.nodes,
    apiToken: config.secrets.proxmoxApiToken,
  });

  // layer: proxmox
  const machines = new ProxmoxNodes("portkey", {
    proxmox: config.proxmox,
    nodes: config.nodes,
    cluster: config.cluster,
    apiToken: config.secrets.proxmoxApiToken,
    protect: config.protect,
  });

  // The etcd snapshots' age recipient, derived from the secret identity: a public key.
  const etcdRecipient = config.backups.etcd
    ? pulumi.unsecret(config.secrets.etcdBackupAgeIdentity.apply(ageRecipient))
    : undefined;

  // layer: talos
  const talos = new TalosCluster("portkey", {
    cluster: config.cluster,
    talos: config.talos,
    nodes: machines.nodes,
    talosApiAccess: etcdBackupAccess(config.backups),
    snapshotRecipient: etcdRecipient,
    protect: config.protect,
  });

  // layer: platform
  const platform = new Platform("portkey", {
    provider: talos.provider,
    cluster: config.cluster,
    storage: config.storage,
    platform: config.platform,
    gitops: config.gitops,
    serialDevices: serialDevices(config.proxmox.hosts, config.nodes),
    cephUserKey: config.secrets.cephUserKey,
    protect: config.protect,
  });

  // layer: backups
  const backups = new Backups("portkey", {
    provider: talos.provider,
    adoptingProvider: talos.adoptingProvider,
    cni: platform.cni,
    helmTimeout: platform.helmTimeout,
    storageClass: platform.blockStorageClass,
    snapshotClass: platform.blockSnapshotClass,
    backups: config.backups,
    clusterName: config.cluster.name,
    resticPassword: config.secrets.resticPassword,
    s3AccessKeyId: config.secrets.s3AccessKeyId,
    s3SecretAccessKey: config.secrets.s3SecretAccessKey,
    etcdBackupRecipient: etcdRecipient,
    protect: config.protect,
  });

  return {
    clusterName: config.cluster.name,
    /** Per hostname: IP, role, Proxmox host, VM id and schematic id. */
    vms: machines.vms,
    /** Admin credentials: `npx pulumi stack output kubeconfig --show-secrets > kubeconfig` (same for talosconfig). */
    kubeconfig: talos.kubeconfig,
    talosconfig: talos.talosconfig,
    /** Argo CD admin password: `npx pulumi stack output argocdAdminPassword --show-secrets`. */
    argocdAdminPassword: platform.argocdAdminPassword,
    /** Per backed-up app: the ReplicationDestination its PVC in Git names in `dataSourceRef`. */
    restoreSources: backups.restoreSources,
  };
};
