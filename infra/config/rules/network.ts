// Cross-field rules of the networks: subnet membership, the load-balancer pool, disjoint CIDRs.
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
} from "../net";
import type { Reader } from "../reader";
import type { SiteConfig } from "../types";

export function checkNetworks(r: Reader, site: SiteConfig): void {
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
