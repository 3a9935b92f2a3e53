// Every `portkey:` key of the stack, declared once: the typed config (types.ts), its reading and
// the list Pulumi.yaml must describe all come from here.
import { cidr, duration, durationAtLeast, filePath, ipv4, label, matches, pool } from "../checks";
import { boolean, object, string, stringList } from "../fields";
import { backups } from "./backups";
import { nodes } from "./nodes";
import { proxmox } from "./proxmox";
import { storage } from "./storage";

const cluster = object({
  name: string(label),
  /** Talos layer-2 VIP for the API server. */
  vip: string(ipv4),
  nodeSubnet: string(cidr),
  gateway: string(ipv4),
  dns: stringList(ipv4),
  podCidr: string(cidr),
  serviceCidr: string(cidr),
  /** Cilium LB IPAM addresses: a CIDR or an inclusive range "first-last", inside the node subnet. */
  loadBalancerPool: string(pool),
});

/** How the Talos layer runs: its waits, and the deliberate, temporary states of a control plane. */
const talos = object({
  // Both defaults are long enough for a first boot that pulls every image over a home uplink.
  /** How long one node's config apply may take (Go duration, e.g. "15m"): the VM's first boot. */
  applyTimeout: string(duration).default("15m"),
  /** How long the health gate waits for etcd, apid and kubelet on every node (first boot pulls images). */
  healthTimeout: string(duration).default("30m"),
  /** The control plane another one is replacing: allows an even number of control planes meanwhile. */
  replacingControlPlane: string(label).optional(),
  /** A decrypted etcd snapshot (path from the project root): a rebuild recovers from it instead of bootstrapping empty. */
  recoverFrom: string(filePath).optional(),
});

const platform = object({
  hubble: boolean().default(false),
  // pulumi-kubernetes waits 300 s for a release unless told otherwise (helm_release.go); a cold
  // build pulls every image over a home uplink while the nodes wait for the CNI.
  /** How long one Helm release may take to install or upgrade (Go duration, at least 10m). */
  helmTimeout: string(durationAtLeast("10m", "a cold build pulls every image of the chart")).default("20m"),
  /** The Argo CD server's load-balancer IP, inside the pool. */
  argocdIp: string(ipv4),
});

const gitops = object({
  repoUrl: string(matches(/^(https:\/\/|ssh:\/\/|git@)\S+$/, "is not a Git URL (https://, ssh:// or git@)")),
  path: string(),
  revision: string(),
});

export const site = object({
  /** Protect VMs, Talos secrets and backup credentials (true unless a scratch stack turns it off). */
  protect: boolean().default(true),
  proxmox,
  nodes,
  cluster,
  talos: talos.absentAs({}),
  storage,
  platform,
  gitops,
  backups,
});

/** Keys (under the `portkey:` namespace) that hold secrets: read only with requireSecret, never parsed. */
export const secretKeys = [
  "proxmoxApiToken",
  "cephUserKey",
  "resticPassword",
  "s3AccessKeyId",
  "s3SecretAccessKey",
  // The age identity etcd snapshots are encrypted to (its recipient is derived: infra/backups/age.ts).
  "etcdBackupAgeIdentity",
] as const;
