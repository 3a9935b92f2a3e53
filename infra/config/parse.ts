// Structural reading of the raw inventory: keys, types, formats and defaults.
// Cross-field rules (uniqueness, subnets, hardware placement) live in rules/.
import { mapCommentProblem } from "./checks";
import { isCron, isDnsLabel, isIpv4, isMac, parseCidr, parsePool } from "./net";
import { pemProblem } from "./pem";
import { Reader } from "./reader";
import type {
  BackupApp,
  BackupsConfig,
  EtcdBackupConfig,
  HostConfig,
  HostGpu,
  NfsConfig,
  NodeConfig,
  SiteConfig,
  TalosConfig,
} from "./types";

const ipv4 = (v: string) => (isIpv4(v) ? undefined : "is not an IPv4 address");
const cidr = (v: string) =>
  parseCidr(v) ? undefined : "is not a CIDR network address (a.b.c.d/n with no host bits set)";
const pool = (v: string) =>
  parsePool(v)
    ? undefined
    : "is not a CIDR network address or an address range (a.b.c.d/n, or a.b.c.d-a.b.c.e with first <= last)";
// A USB device's name becomes the node label portkey.home/usb-<name> (63-character label names)
// and the device plugin's resource portkey.home/<name>, whose names must match
// [a-z0-9][-a-z0-9]*[a-z0-9] (squat/generic-device-plugin main.go, deviceTypeFmt).
const usbName = (v: string) =>
  /^[a-z0-9][-a-z0-9]{0,57}[a-z0-9]$/.test(v)
    ? undefined
    : "is not a USB device name (2 to 59 lower-case letters, digits and '-', starting and ending with a letter or digit)";
const devicePath = (v: string) =>
  /^\/dev\/\S+$/.test(v) ? undefined : "is not a device path under /dev/ (e.g. /dev/serial/by-id/usb-…)";
const mac = (v: string) => (isMac(v) ? undefined : "is not a MAC address (six hex pairs separated by colons)");
const label = (v: string) =>
  isDnsLabel(v) ? undefined : "is not a DNS label (lower-case letters, digits and '-', at most 63)";
const positive = (v: number) => (v > 0 ? undefined : "must be greater than 0");
const notNegative = (v: number) => (v >= 0 ? undefined : "must not be negative");
const pciAddress = (v: string) =>
  /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(v)
    ? undefined
    : "is not a PCI address (dddd:bb:ss.f, lower-case hex)";
const pciId = (v: string) =>
  /^[0-9a-f]{4}:[0-9a-f]{4}$/.test(v) ? undefined : "is not a vendor:device id (four lower-case hex digits each)";
const quantity = (v: string) => (/^\d+(Mi|Gi|Ti)$/.test(v) ? undefined : "is not a size in Mi, Gi or Ti (e.g. 5Gi)");
const absolutePath = (v: string) => (/^\/[^\s]*$/.test(v) ? undefined : "is not an absolute path");
/** A Go duration as the Talos provider's timeouts take it, e.g. "15m" or "1h30m". */
const duration = (v: string) =>
  /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(v) && /[1-9]/.test(v)
    ? undefined
    : 'is not a positive duration in hours, minutes and seconds (e.g. "15m" or "1h30m")';
const filePath = (v: string) => (/^[^\s]+$/.test(v) ? undefined : "is not a file path (no spaces)");
const schedule = (v: string) =>
  v === "daily" || isCron(v) ? undefined : 'is not a five-field cron expression or "daily"';
const monitor = (v: string) => {
  const [ip, port, ...rest] = v.split(":");
  return isIpv4(ip) && rest.length === 0 && (port === undefined || /^\d{1,5}$/.test(port))
    ? undefined
    : "is not a monitor address (IPv4 or IPv4:port)";
};

export const topLevelKeys = [
  "protect?",
  "proxmox",
  "nodes",
  "cluster",
  "talos?",
  "storage",
  "platform",
  "gitops",
  "backups",
];

/** Long enough for a first boot that pulls every image over a home uplink. */
export const talosDefaults = { applyTimeout: "15m", healthTimeout: "30m" } as const;

export function readSite(r: Reader, raw: Record<string, unknown>): SiteConfig {
  r.object("portkey", raw, topLevelKeys);
  const protect = r.optional(raw.protect, true, (v) => r.boolean("protect", v));
  return {
    protect,
    proxmox: readProxmox(r, raw.proxmox),
    nodes: mapEntries(r.map("nodes", raw.nodes), (name, v) => readNode(r, `nodes.${name}`, name, v)),
    cluster: readCluster(r, raw.cluster),
    talos: readTalos(r, raw.talos),
    storage: readStorage(r, raw.storage),
    platform: readPlatform(r, raw.platform),
    gitops: readGitops(r, raw.gitops),
    backups: readBackups(r, raw.backups),
  };
}

function readProxmox(r: Reader, raw: unknown): SiteConfig["proxmox"] {
  const o = r.object("proxmox", raw, ["endpoint", "insecure?", "hosts"]) ?? {};
  return {
    endpoint:
      r.string("proxmox.endpoint", o.endpoint, (v) =>
        /^https:\/\/[^/\s]+\/$/.test(v) ? undefined : "is not an https://host:port/ URL (without /api2/json)",
      ) ?? "",
    insecure: r.optional(o.insecure, false, (v) => r.boolean("proxmox.insecure", v)),
    hosts: mapEntries(r.map("proxmox.hosts", o.hosts), (name, v) => readHost(r, `proxmox.hosts.${name}`, name, v)),
  };
}

function readHost(r: Reader, path: string, name: string, raw: unknown): HostConfig {
  r.string(path, name, label);
  const o = r.object(path, raw, ["vmDatastore", "imageDatastore", "bridge", "gpu?", "usb?"]) ?? {};
  const usb = mapEntries(r.map(`${path}.usb`, o.usb, true), (device, v) => {
    const at = `${path}.usb.${device}`;
    r.string(at, device, usbName);
    const u = r.object(at, v, ["id", "comment?", "serialPath?"]) ?? {};
    return {
      id: r.string(`${at}.id`, u.id, pciId) ?? "",
      // The comment becomes the USB mapping entry's comment, which bpg checks.
      ...(u.comment === undefined ? {} : { comment: r.string(`${at}.comment`, u.comment, mapCommentProblem) }),
      ...(u.serialPath === undefined ? {} : { serialPath: r.string(`${at}.serialPath`, u.serialPath, devicePath) }),
    };
  });
  return {
    vmDatastore: r.string(`${path}.vmDatastore`, o.vmDatastore) ?? "",
    imageDatastore: r.string(`${path}.imageDatastore`, o.imageDatastore) ?? "",
    bridge: r.string(`${path}.bridge`, o.bridge) ?? "",
    ...(o.gpu === undefined ? {} : { gpu: readGpu(r, `${path}.gpu`, o.gpu) }),
    usb,
  };
}

function readGpu(r: Reader, path: string, raw: unknown): HostGpu {
  const o = r.object(path, raw, ["model", "passable", "reason?", "path?", "id?", "subsystemId?", "iommuGroup?"]) ?? {};
  const passable = r.boolean(`${path}.passable`, o.passable) ?? false;
  // A passable GPU's model becomes its PCI mapping entry's comment, which bpg checks.
  const gpu: HostGpu = {
    model: r.string(`${path}.model`, o.model, passable ? mapCommentProblem : undefined) ?? "",
    passable,
  };
  if (!passable) {
    gpu.reason = r.string(`${path}.reason`, o.reason) ?? "";
    return gpu;
  }
  // A mapping without subsystem id or IOMMU group is incomplete: the VM then fails to start.
  gpu.path = r.string(`${path}.path`, o.path, pciAddress);
  gpu.id = r.string(`${path}.id`, o.id, pciId);
  gpu.subsystemId = r.string(`${path}.subsystemId`, o.subsystemId, pciId);
  gpu.iommuGroup = r.integer(`${path}.iommuGroup`, o.iommuGroup, (v) => (v >= 0 ? undefined : "must not be negative"));
  return gpu;
}

function readNode(r: Reader, path: string, name: string, raw: unknown): NodeConfig {
  r.string(path, name, label);
  const o =
    r.object(path, raw, ["host", "vmId", "role", "cores", "memoryGiB", "diskGiB", "ip", "mac", "hardware?"]) ?? {};
  const memoryGiB = r.integer(`${path}.memoryGiB`, o.memoryGiB, positive);
  return {
    host: r.string(`${path}.host`, o.host) ?? "",
    vmId:
      r.integer(`${path}.vmId`, o.vmId, (v) =>
        v >= 100 && v <= 999999999 ? undefined : "is not a Proxmox VM id (100 to 999999999)",
      ) ?? 0,
    role: (r.string(`${path}.role`, o.role, (v) =>
      v === "controlplane" || v === "worker" ? undefined : 'is not "controlplane" or "worker"',
    ) ?? "worker") as NodeConfig["role"],
    cores: r.integer(`${path}.cores`, o.cores, positive) ?? 0,
    memoryMiB: (memoryGiB ?? 0) * 1024,
    diskGiB:
      r.integer(`${path}.diskGiB`, o.diskGiB, (v) =>
        v >= 8 ? undefined : "must be at least 8 (the Talos image is 8 GiB)",
      ) ?? 0,
    ip: r.string(`${path}.ip`, o.ip, ipv4) ?? "",
    mac: r.string(`${path}.mac`, o.mac, mac) ?? "",
    hardware: r.optional<string[]>(o.hardware, [], (v) => r.stringList(`${path}.hardware`, v)),
  };
}

function readCluster(r: Reader, raw: unknown): SiteConfig["cluster"] {
  const o =
    r.object("cluster", raw, [
      "name",
      "vip",
      "nodeSubnet",
      "gateway",
      "dns",
      "podCidr",
      "serviceCidr",
      "loadBalancerPool",
    ]) ?? {};
  return {
    name: r.string("cluster.name", o.name, label) ?? "",
    vip: r.string("cluster.vip", o.vip, ipv4) ?? "",
    nodeSubnet: r.string("cluster.nodeSubnet", o.nodeSubnet, cidr) ?? "",
    gateway: r.string("cluster.gateway", o.gateway, ipv4) ?? "",
    dns: r.stringList("cluster.dns", o.dns, ipv4),
    podCidr: r.string("cluster.podCidr", o.podCidr, cidr) ?? "",
    serviceCidr: r.string("cluster.serviceCidr", o.serviceCidr, cidr) ?? "",
    loadBalancerPool: r.string("cluster.loadBalancerPool", o.loadBalancerPool, pool) ?? "",
  };
}

function readTalos(r: Reader, raw: unknown): TalosConfig {
  const o =
    raw === undefined
      ? {}
      : (r.object("talos", raw, ["applyTimeout?", "healthTimeout?", "replacingControlPlane?", "recoverFrom?"]) ?? {});
  return {
    applyTimeout: r.optional(o.applyTimeout, talosDefaults.applyTimeout, (v) =>
      r.string("talos.applyTimeout", v, duration),
    ),
    healthTimeout: r.optional(o.healthTimeout, talosDefaults.healthTimeout, (v) =>
      r.string("talos.healthTimeout", v, duration),
    ),
    ...(o.replacingControlPlane === undefined
      ? {}
      : { replacingControlPlane: r.string("talos.replacingControlPlane", o.replacingControlPlane, label) }),
    ...(o.recoverFrom === undefined ? {} : { recoverFrom: r.string("talos.recoverFrom", o.recoverFrom, filePath) }),
  };
}

function readStorage(r: Reader, raw: unknown): SiteConfig["storage"] {
  const o = r.object("storage", raw, ["ceph", "nfs"]) ?? {};
  const c = r.object("storage.ceph", o.ceph, ["clusterId", "monitors", "rbdPool", "cephfsName", "userId"]) ?? {};
  const n = r.object("storage.nfs", o.nfs, ["server", "storageClasses", "volumes?"]) ?? {};
  const nfs: NfsConfig = {
    server: r.string("storage.nfs.server", n.server, ipv4) ?? "",
    storageClasses: mapEntries(r.map("storage.nfs.storageClasses", n.storageClasses), (name, v) => {
      r.string(`storage.nfs.storageClasses.${name}`, name, label);
      return r.string(`storage.nfs.storageClasses.${name}`, v, absolutePath) ?? "";
    }),
    volumes: mapEntries(r.map("storage.nfs.volumes", n.volumes, true), (name, v) => {
      const path = `storage.nfs.volumes.${name}`;
      r.string(path, name, label);
      const vol = r.object(path, v, ["path", "capacity"]) ?? {};
      return {
        path: r.string(`${path}.path`, vol.path, absolutePath) ?? "",
        capacity: r.string(`${path}.capacity`, vol.capacity, quantity) ?? "",
      };
    }),
  };
  return {
    ceph: {
      clusterId:
        r.string("storage.ceph.clusterId", c.clusterId, (v) =>
          /^[0-9a-f-]{1,36}$/.test(v) ? undefined : "is not a Ceph fsid (at most 36 hex digits and dashes)",
        ) ?? "",
      monitors: r.stringList("storage.ceph.monitors", c.monitors, monitor),
      rbdPool: r.string("storage.ceph.rbdPool", c.rbdPool) ?? "",
      cephfsName: r.string("storage.ceph.cephfsName", c.cephfsName) ?? "",
      userId:
        r.string("storage.ceph.userId", c.userId, (v) =>
          v.startsWith("client.") ? 'must not start with "client."' : undefined,
        ) ?? "",
    },
    nfs,
  };
}

function readPlatform(r: Reader, raw: unknown): SiteConfig["platform"] {
  const o = r.object("platform", raw, ["hubble?", "argocdIp"]) ?? {};
  return {
    hubble: r.optional(o.hubble, false, (v) => r.boolean("platform.hubble", v)),
    argocdIp: r.string("platform.argocdIp", o.argocdIp, ipv4) ?? "",
  };
}

function readGitops(r: Reader, raw: unknown): SiteConfig["gitops"] {
  const o = r.object("gitops", raw, ["repoUrl", "path", "revision"]) ?? {};
  return {
    repoUrl:
      r.string("gitops.repoUrl", o.repoUrl, (v) =>
        /^(https:\/\/|ssh:\/\/|git@)\S+$/.test(v) ? undefined : "is not a Git URL (https://, ssh:// or git@)",
      ) ?? "",
    path: r.string("gitops.path", o.path) ?? "",
    revision: r.string("gitops.revision", o.revision) ?? "",
  };
}

function readBackups(r: Reader, raw: unknown): BackupsConfig {
  const o = r.object("backups", raw, ["repository", "caCert?", "retentionDays", "apps", "etcd?"]) ?? {};
  const retentionDays = r.integer("backups.retentionDays", o.retentionDays, positive) ?? 1;
  return {
    repository:
      r.string("backups.repository", o.repository, (v) =>
        /^(s3|b2|azure|gs|rest|sftp):\S+[^/]$/.test(v)
          ? undefined
          : "is not a restic repository URL (e.g. s3:https://host/bucket, no trailing /)",
      ) ?? "",
    ...(o.caCert === undefined ? {} : { caCert: readPem(r, "backups.caCert", o.caCert) }),
    apps: mapEntries(r.map("backups.apps", o.apps), (name, v) =>
      readApp(r, `backups.apps.${name}`, name, v, retentionDays),
    ),
    ...(o.etcd === undefined ? {} : { etcd: readEtcdBackup(r, o.etcd) }),
  };
}

/** A PEM bundle; a bad one is shown by its first line only (it may be a pasted private key). */
function readPem(r: Reader, path: string, raw: unknown): string {
  const text = r.string(path, raw) ?? "";
  const problem = raw === undefined || typeof raw !== "string" ? undefined : pemProblem(text);
  if (problem) r.problem(path, `${text.trim().split("\n")[0]}…`, `is not a PEM certificate (${problem})`);
  return text;
}

function readApp(r: Reader, path: string, name: string, raw: unknown, retentionDays: number): BackupApp {
  r.string(path, name, label);
  const o =
    r.object(path, raw, [
      "schedule",
      "capacity",
      "namespace?",
      "pvc?",
      "retentionDays?",
      "moverUid?",
      "moverGid?",
      "phase?",
      "restoreAsOf?",
      "restorePrevious?",
      "restoreRun?",
    ]) ?? {};
  const phase = (v: string) =>
    ["restore", "fresh", "paused"].includes(v) ? undefined : 'is not "restore", "fresh" or "paused"';
  const rfc3339 = (v: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !isNaN(Date.parse(v))
      ? undefined
      : "is not an RFC 3339 time (e.g. 2025-01-31T23:00:00Z)";
  return {
    schedule: r.string(`${path}.schedule`, o.schedule, schedule) ?? "daily",
    namespace: r.optional(o.namespace, name, (v) => r.string(`${path}.namespace`, v, label)),
    pvc: r.optional(o.pvc, name, (v) => r.string(`${path}.pvc`, v, label)),
    capacity: r.string(`${path}.capacity`, o.capacity, quantity) ?? "",
    retentionDays: r.optional(o.retentionDays, retentionDays, (v) => r.integer(`${path}.retentionDays`, v, positive)),
    moverUid: r.optional(o.moverUid, 1000, (v) => r.integer(`${path}.moverUid`, v, notNegative)),
    moverGid: r.optional(o.moverGid, 1000, (v) => r.integer(`${path}.moverGid`, v, notNegative)),
    phase: r.optional(o.phase, "restore", (v) => r.string(`${path}.phase`, v, phase)) as BackupApp["phase"],
    ...(o.restoreAsOf === undefined ? {} : { restoreAsOf: r.string(`${path}.restoreAsOf`, o.restoreAsOf, rfc3339) }),
    ...(o.restorePrevious === undefined
      ? {}
      : { restorePrevious: r.integer(`${path}.restorePrevious`, o.restorePrevious, notNegative) }),
    restoreRun: r.optional(o.restoreRun, 0, (v) => r.integer(`${path}.restoreRun`, v, notNegative)),
  };
}

function readEtcdBackup(r: Reader, raw: unknown): EtcdBackupConfig {
  const path = "backups.etcd";
  const o = r.object(path, raw, ["schedule", "endpoint", "bucket", "region?", "prefix", "agePublicKey"]) ?? {};
  return {
    schedule:
      r.string(`${path}.schedule`, o.schedule, (v) =>
        isCron(v) ? undefined : "is not a five-field cron expression",
      ) ?? "",
    endpoint:
      r.string(`${path}.endpoint`, o.endpoint, (v) =>
        /^https?:\/\/[^/\s]+$/.test(v) ? undefined : "is not an S3 endpoint (https://host[:port], no path)",
      ) ?? "",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    bucket:
      r.string(`${path}.bucket`, o.bucket, (v) =>
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v)
          ? undefined
          : "is not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-')",
      ) ?? "",
    region: r.optional(o.region, "us-east-1", (v) =>
      r.string(`${path}.region`, v, (text) =>
        /^[a-z0-9-]+$/.test(text) ? undefined : "is not an S3 region (lower-case letters, digits and '-')",
      ),
    ),
    prefix:
      r.string(`${path}.prefix`, o.prefix, (v) =>
        /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(v)
          ? undefined
          : "is not a key prefix (segments of letters, digits, '.', '_' and '-' joined by '/')",
      ) ?? "",
    // age's X25519 recipient: "age1" and 58 bech32 characters (https://age-encryption.org/v1).
    agePublicKey:
      r.string(`${path}.agePublicKey`, o.agePublicKey, (v) =>
        /^age1[02-9ac-hj-np-z]{58}$/.test(v)
          ? undefined
          : "is not an age public key (age1 and 58 more characters, as age-keygen prints it)",
      ) ?? "",
  };
}

/** Maps a raw mapping's entries in sorted key order, so everything downstream is deterministic. */
function mapEntries<T>(raw: Record<string, unknown>, read: (name: string, value: unknown) => T): Record<string, T> {
  return Object.fromEntries(
    Object.keys(raw)
      .sort()
      .map((name) => [name, read(name, raw[name])]),
  );
}
