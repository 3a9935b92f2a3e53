// Cross-field rules over a structurally read inventory. Each rule skips values that already
// failed their format check, so one mistake is reported once.
import {
  Cidr,
  cidrContains,
  cidrRange,
  cidrsOverlap,
  intToIp,
  IpRange,
  isIpv4,
  parseCidr,
  parsePool,
  rangeContains,
  rangeWithin,
} from "./net";
import type { Reader } from "./reader";
import { cronFor, dailyMinute } from "./schedule";
import type { SiteConfig } from "./types";

export function checkSite(r: Reader, site: SiteConfig): void {
  checkUnique(r, site);
  checkNetworks(r, site);
  checkRoles(r, site);
  checkHardware(r, site);
  checkBackups(r, site);
}

function checkUnique(r: Reader, site: SiteConfig): void {
  const seen = new Map<string, string>();
  const once = (kind: string, key: string, path: string, value: unknown, rule: string) => {
    const first = seen.get(`${kind}:${key}`);
    if (first) r.problem(path, value, `is also the ${rule} of ${first} (${rule}s must be unique)`);
    else seen.set(`${kind}:${key}`, path.replace(/\.[^.]+$/, ""));
  };
  for (const [name, node] of Object.entries(site.nodes)) {
    const path = `nodes.${name}`;
    if (node.vmId) once("vmId", String(node.vmId), `${path}.vmId`, node.vmId, "VM id");
    if (node.ip) once("ip", node.ip, `${path}.ip`, node.ip, "IP");
    if (node.mac) once("mac", node.mac.toLowerCase(), `${path}.mac`, node.mac, "MAC");
  }
}

function checkNetworks(r: Reader, site: SiteConfig): void {
  const c = site.cluster;
  const subnet = parseCidr(c.nodeSubnet);
  const pool = parsePool(c.loadBalancerPool);
  const nodeIps = Object.entries(site.nodes).filter(([, n]) => isIpv4(n.ip));
  const inSubnet = (path: string, ip: string) => {
    if (subnet && isIpv4(ip) && !cidrContains(subnet, ip))
      r.problem(path, ip, `is outside the node subnet ${c.nodeSubnet}`);
  };
  for (const [name, node] of nodeIps) inSubnet(`nodes.${name}.ip`, node.ip);
  inSubnet("cluster.gateway", c.gateway);
  inSubnet("cluster.vip", c.vip);
  if (subnet && pool && !rangeWithin(pool, cidrRange(subnet))) {
    r.problem("cluster.loadBalancerPool", c.loadBalancerPool, `is not inside the node subnet ${c.nodeSubnet}`);
  } else if (subnet && pool) {
    checkPoolEdges(r, c.loadBalancerPool, pool, subnet, c.nodeSubnet);
  }
  if (isIpv4(c.vip)) {
    for (const [name, node] of nodeIps) {
      if (node.ip === c.vip)
        r.problem("cluster.vip", c.vip, `is also the IP of nodes.${name} (the VIP must not be a node IP)`);
    }
    if (pool && rangeContains(pool, c.vip))
      r.problem("cluster.vip", c.vip, `is inside the load-balancer pool ${c.loadBalancerPool}`);
  }
  if (pool) {
    for (const [name, node] of nodeIps) {
      if (rangeContains(pool, node.ip))
        r.problem(`nodes.${name}.ip`, node.ip, `is inside the load-balancer pool ${c.loadBalancerPool}`);
    }
    if (isIpv4(c.gateway) && rangeContains(pool, c.gateway))
      r.problem("cluster.gateway", c.gateway, `is inside the load-balancer pool ${c.loadBalancerPool}`);
    const argocd = site.platform.argocdIp;
    if (isIpv4(argocd) && !rangeContains(pool, argocd))
      r.problem("platform.argocdIp", argocd, `is outside the load-balancer pool ${c.loadBalancerPool}`);
  }
  const networks: Array<[string, string, Cidr | undefined]> = [
    ["cluster.podCidr", c.podCidr, parseCidr(c.podCidr)],
    ["cluster.serviceCidr", c.serviceCidr, parseCidr(c.serviceCidr)],
    ["cluster.nodeSubnet", c.nodeSubnet, subnet],
  ];
  networks.forEach(([pathA, textA, a], i) => {
    for (const [pathB, textB, b] of networks.slice(i + 1)) {
      if (a && b && cidrsOverlap(a, b))
        r.problem(
          pathA,
          textA,
          `overlaps ${pathB} ${JSON.stringify(textB)} (pod, service and node networks must be disjoint)`,
        );
    }
  });
}

/**
 * Cilium's LB IPAM hands out every address of a block by default (`allowFirstLastIPs` unset means
 * "Yes", see the CiliumLoadBalancerIPPool CRD), so a pool reaching the node subnet's network or
 * broadcast address would give a Service an address no host can answer ARP for.
 */
function checkPoolEdges(r: Reader, text: string, pool: IpRange, subnet: Cidr, subnetText: string): void {
  // A /31 or /32 has no network or broadcast address (RFC 3021).
  if (subnet.prefix >= 31) return;
  const { first, last } = cidrRange(subnet);
  const [from, to] = [Math.max(pool.first, first + 1), Math.min(pool.last, last - 1)];
  const instead =
    from <= to ? `use a range without it, e.g. ${intToIp(from)}-${intToIp(to)}` : "use a range without it";
  for (const [address, what] of [
    [first, "network"],
    [last, "broadcast"],
  ] as const) {
    if (address >= pool.first && address <= pool.last)
      r.problem(
        "cluster.loadBalancerPool",
        text,
        `includes ${intToIp(address)}, the ${what} address of the node subnet ${subnetText} (${instead})`,
      );
  }
}

/**
 * etcd needs an odd number of members to keep quorum through one failure. The one deliberate
 * exception is a healthy control plane being replaced (add the new one, then remove the old:
 * siderolabs/docs talos/v1.12 learn-more/control-plane.mdx), named in talos.replacingControlPlane
 * for as long as both exist.
 */
function checkRoles(r: Reader, site: SiteConfig): void {
  const controlPlanes = Object.entries(site.nodes)
    .filter(([, n]) => n.role === "controlplane")
    .map(([name]) => name);
  const replacing = site.talos.replacingControlPlane;
  if (replacing !== undefined && !controlPlanes.includes(replacing)) {
    r.problem(
      "talos.replacingControlPlane",
      replacing,
      `is not a control plane in nodes (control planes: ${controlPlanes.join(", ") || "none"})`,
    );
  } else if (replacing !== undefined && controlPlanes.length % 2 === 1) {
    r.problem(
      "talos.replacingControlPlane",
      replacing,
      `is set, but no control plane is being replaced: nodes has ${controlPlanes.length} control planes, an odd number; remove the key`,
    );
  } else if (replacing === undefined && controlPlanes.length % 2 === 0) {
    r.problem(
      "nodes",
      controlPlanes,
      `has ${controlPlanes.length} control planes; etcd needs an odd number, at least 1 (while one control plane replaces another, name the old one in talos.replacingControlPlane)`,
    );
  }
}

function checkHardware(r: Reader, site: SiteConfig): void {
  const claimed = new Map<string, string>();
  for (const [name, node] of Object.entries(site.nodes)) {
    const host = site.proxmox.hosts[node.host];
    if (node.host && !host) {
      r.problem(
        `nodes.${name}.host`,
        node.host,
        `is not a declared host (declared: ${Object.keys(site.proxmox.hosts).join(", ")})`,
      );
      continue;
    }
    if (!host) continue;
    for (const [i, device] of node.hardware.entries()) {
      const path = `nodes.${name}.hardware[${i}]`;
      if (device === "gpu") {
        if (!host.gpu) r.problem(path, device, `needs a GPU but host ${node.host} declares none`);
        else if (!host.gpu.passable)
          r.problem(
            path,
            device,
            `cannot be passed through: host ${node.host}'s GPU (${host.gpu.model}) is not passable: ${host.gpu.reason}`,
          );
      } else if (!host.usb[device]) {
        const known = ["gpu", ...Object.keys(host.usb)].join(", ");
        r.problem(path, device, `is not a device of host ${node.host} (its devices: ${known})`);
      }
      const owner = claimed.get(`${node.host}/${device}`);
      if (owner)
        r.problem(path, device, `is already passed through to ${owner} on host ${node.host} (a device serves one VM)`);
      else claimed.set(`${node.host}/${device}`, `nodes.${name}`);
    }
  }
}

function checkBackups(r: Reader, site: SiteConfig): void {
  checkStartTimes(r, site);
  checkRestoreSelection(r, site);
  checkEtcdBucket(r, site);
}

/**
 * Distinct nightly start times. A spread start is a function of the app's name alone, so it never
 * moves; a clash is resolved in config, by an explicit cron for one of the two apps.
 */
function checkStartTimes(r: Reader, site: SiteConfig): void {
  const starts = new Map<number, string>();
  for (const [name, app] of Object.entries(site.backups.apps)) {
    const path = `backups.apps.${name}.schedule`;
    const schedule = cronFor(name, app.schedule);
    const minute = dailyMinute(schedule);
    if (minute === undefined) continue;
    const other = starts.get(minute);
    if (other)
      r.problem(
        path,
        app.schedule,
        `starts at ${schedule} like backups.apps.${other}; give one of them an explicit cron (e.g. "${(minute + 1) % 60} ${Math.floor(minute / 60)} * * *")`,
      );
    else starts.set(minute, name);
  }
}

/**
 * An earlier point in time is restored only while backups are paused: left behind with backups
 * running, it would restore nothing once retention prunes that point, and the next backups would
 * record the empty volume (https://github.com/backube/volsync/issues/1211).
 */
function checkRestoreSelection(r: Reader, site: SiteConfig): void {
  for (const [name, app] of Object.entries(site.backups.apps)) {
    if (app.phase === "paused") continue;
    for (const key of ["restoreAsOf", "restorePrevious"] as const) {
      if (app[key] === undefined) continue;
      r.problem(
        `backups.apps.${name}.${key}`,
        app[key],
        `is accepted only with phase "paused" (this app's phase is "${app.phase}"); see docs/runbooks/restore-point-in-time.md`,
      );
    }
  }
}

/**
 * etcd snapshots expire by a lifecycle rule on their bucket, so they must not share the restic
 * bucket: a rule there would delete restic's data files.
 */
function checkEtcdBucket(r: Reader, site: SiteConfig): void {
  const etcd = site.backups.etcd;
  const restic = /^s3:(https?:\/\/[^/]+)\/([^/]+)/.exec(site.backups.repository);
  if (!etcd || !restic || etcd.endpoint !== restic[1] || etcd.bucket !== restic[2]) return;
  r.problem(
    "backups.etcd.bucket",
    etcd.bucket,
    `is also the bucket of backups.repository; etcd snapshots need a bucket of their own (their retention is a lifecycle rule, which would expire restic's files)`,
  );
}
