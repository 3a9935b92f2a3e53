// The typed site inventory that parseConfig returns. Every field is documented in Pulumi.yaml.
import * as pulumi from "@pulumi/pulumi";

export type NodeRole = "controlplane" | "worker";

/** The iGPU of a Proxmox host, and whether it may be passed through to a VM. */
export interface HostGpu {
  /** Human description, e.g. "Intel UHD (N100)". */
  model: string;
  /** False for GPUs that must never be passed through; `reason` says why. */
  passable: boolean;
  reason?: string;
  /** PCI address, e.g. "0000:00:02.0" (passable GPUs only). */
  path?: string;
  /** "vendor:device", e.g. "8086:46d1". */
  id?: string;
  /** "subvendor:subdevice". */
  subsystemId?: string;
  iommuGroup?: number;
}

export interface HostUsbDevice {
  /** "vendor:product", e.g. "10c4:ea60". */
  id: string;
  comment?: string;
  /**
   * The device's path inside the VM, e.g. /dev/serial/by-id/usb-…-if00-port0 (may hold * and ?
   * globs). Set: pods may request the device as portkey.home/<name>. Unset: the VM only.
   */
  serialPath?: string;
}

export interface HostConfig {
  /** Storage for VM disks, EFI and cloud-init drives, e.g. "local-lvm". */
  vmDatastore: string;
  /** Directory storage with the "import" content type, for the Talos image. */
  imageDatastore: string;
  bridge: string;
  gpu?: HostGpu;
  usb: Record<string, HostUsbDevice>;
}

export interface NodeConfig {
  host: string;
  vmId: number;
  role: NodeRole;
  cores: number;
  /** Memory in MiB (the inventory states GiB). */
  memoryMiB: number;
  /** Boot disk size in GiB. */
  diskGiB: number;
  ip: string;
  mac: string;
  /** "gpu" and/or names of the host's USB devices. */
  hardware: string[];
}

export interface ClusterConfig {
  name: string;
  vip: string;
  nodeSubnet: string;
  gateway: string;
  dns: string[];
  podCidr: string;
  serviceCidr: string;
  /** Cilium LB IPAM addresses: a CIDR or an inclusive range "first-last", inside the node subnet. */
  loadBalancerPool: string;
}

export interface CephConfig {
  clusterId: string;
  monitors: string[];
  rbdPool: string;
  cephfsName: string;
  userId: string;
}

export interface NfsVolume {
  path: string;
  /** Kubernetes quantity, e.g. "2Ti". */
  capacity: string;
}

export interface NfsConfig {
  server: string;
  /** StorageClass name to the export it provisions sub-directories in. */
  storageClasses: Record<string, string>;
  /** Static volumes by name, for data shared between apps. */
  volumes: Record<string, NfsVolume>;
}

export interface PlatformConfig {
  hubble: boolean;
  argocdIp: string;
}

/** How the Talos layer runs: its waits, and the deliberate, temporary states of a control plane. */
export interface TalosConfig {
  /** How long one node's config apply may take (Go duration, e.g. "15m"): the VM's first boot. */
  applyTimeout: string;
  /** How long the health gate waits for etcd, apid and kubelet on every node (first boot pulls images). */
  healthTimeout: string;
  /** The control plane another one is replacing: allows an even number of control planes meanwhile. */
  replacingControlPlane?: string;
  /** A decrypted etcd snapshot (path from the project root): a rebuild recovers from it instead of bootstrapping empty. */
  recoverFrom?: string;
}

export interface GitopsConfig {
  repoUrl: string;
  path: string;
  revision: string;
}

/**
 * Where an app stands in the restore-first guard (infra/backups/guard.ts):
 * "restore" (default): restore points exist; the repository must hold at least one before the
 * restore runs, and backups start only after the app's volume was populated from it. "fresh": no
 * restore points yet (first build, new app); an empty repository is accepted. "paused": like
 * "restore", with backups paused; the only phase that may restore an earlier point in time.
 */
export type BackupPhase = "restore" | "fresh" | "paused";

export interface BackupApp {
  /** A five-field cron expression (UTC), or "daily" for a start time spread over the night. */
  schedule: string;
  namespace: string;
  pvc: string;
  /** Kubernetes quantity of the app's volume, e.g. "5Gi". */
  capacity: string;
  /** Days of restore points to keep. */
  retentionDays: number;
  /** uid/gid the restic mover runs as, to read the app's files. */
  moverUid: number;
  moverGid: number;
  phase: BackupPhase;
  /** Restore the restic snapshot taken at or before this RFC 3339 time instead of the latest. */
  restoreAsOf?: string;
  /** Restore this many snapshots before the chosen one (0 = the chosen one). */
  restorePrevious?: number;
  /** Bumped by the operator to run the repository check and the restore again (0 = never bumped). */
  restoreRun: number;
}

/** siderolabs/talos-backup: age-encrypted etcd snapshots, written to an S3 bucket of their own. */
export interface EtcdBackupConfig {
  /** A five-field cron expression, in UTC. */
  schedule: string;
  /** S3 endpoint, "https://host[:port]". */
  endpoint: string;
  bucket: string;
  /** S3 signing region ("us-east-1", MinIO's default, unless set). */
  region: string;
  /** Key prefix inside the bucket. */
  prefix: string;
  /** age X25519 recipient ("age1…"); its private key stays outside the cluster. */
  agePublicKey: string;
}

export interface BackupsConfig {
  /** restic repository base; each app's repository is `${repository}/${app}`. */
  repository: string;
  /** PEM certificate(s) the S3 endpoint's TLS certificate chains to, when no public CA signs it. */
  caCert?: string;
  apps: Record<string, BackupApp>;
  etcd?: EtcdBackupConfig;
}

export interface SiteConfig {
  /** Protect VMs, Talos secrets and backup credentials (true unless a scratch stack turns it off). */
  protect: boolean;
  proxmox: { endpoint: string; insecure: boolean; hosts: Record<string, HostConfig> };
  nodes: Record<string, NodeConfig>;
  cluster: ClusterConfig;
  talos: TalosConfig;
  storage: { ceph: CephConfig; nfs: NfsConfig };
  platform: PlatformConfig;
  gitops: GitopsConfig;
  backups: BackupsConfig;
}

/** Credentials, read only with requireSecret. */
export interface SiteSecrets {
  proxmoxApiToken: pulumi.Output<string>;
  cephUserKey: pulumi.Output<string>;
  resticPassword: pulumi.Output<string>;
  s3AccessKeyId: pulumi.Output<string>;
  s3SecretAccessKey: pulumi.Output<string>;
}

/** Config keys (under the `portkey:` namespace) that hold secrets. */
export const secretKeys = [
  "proxmoxApiToken",
  "cephUserKey",
  "resticPassword",
  "s3AccessKeyId",
  "s3SecretAccessKey",
] as const satisfies ReadonlyArray<keyof SiteSecrets>;
