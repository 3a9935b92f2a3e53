// Pure IPv4, CIDR, MAC and cron helpers for the inventory checks. No Pulumi here.

export interface Cidr {
  /** Network address as a 32-bit unsigned integer. */
  base: number;
  /** Prefix length, 0 to 32. */
  prefix: number;
}

const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(value: string): boolean {
  return ipv4Pattern.test(value);
}

export function ipToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Parses "a.b.c.d/n"; undefined when malformed or when host bits are set ("10.0.1.0/8"). */
export function parseCidr(value: string): Cidr | undefined {
  const [ip, prefixText, ...rest] = value.split("/");
  if (rest.length > 0 || !isIpv4(ip) || !/^(3[0-2]|[12]?\d)$/.test(prefixText ?? "")) return undefined;
  const prefix = Number(prefixText);
  const base = ipToInt(ip);
  return base % 2 ** (32 - prefix) === 0 ? { base, prefix } : undefined;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const value = ipToInt(ip);
  return value >= cidr.base && value < cidr.base + cidrSize(cidr);
}

export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

/** An inclusive range of IPv4 addresses, as 32-bit unsigned integers. */
export interface IpRange {
  first: number;
  last: number;
}

export function intToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function cidrRange(cidr: Cidr): IpRange {
  return { first: cidr.base, last: cidr.base + cidrSize(cidr) - 1 };
}

/** A load-balancer pool: a CIDR ("a.b.c.d/n") or an inclusive range ("a.b.c.d-a.b.c.e", first <= last). */
export function parsePool(value: string): IpRange | undefined {
  const cidr = parseCidr(value);
  if (cidr) return cidrRange(cidr);
  const [first, last, ...rest] = value.split("-");
  if (rest.length > 0 || !isIpv4(first) || !isIpv4(last ?? "")) return undefined;
  const range = { first: ipToInt(first), last: ipToInt(last) };
  return range.first <= range.last ? range : undefined;
}

export function rangeContains(range: IpRange, ip: string): boolean {
  const value = ipToInt(ip);
  return value >= range.first && value <= range.last;
}

export function rangeWithin(inner: IpRange, outer: IpRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

export function isMac(value: string): boolean {
  return /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(value);
}

/** A DNS label (RFC 1123): what Kubernetes namespaces and Proxmox VM names accept. */
export function isDnsLabel(value: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value);
}

/** Value range of each cron field: minute, hour, day of month, month, day of week. */
export const cronFields: Array<[min: number, max: number]> = [
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 6], // day of week
];

/**
 * A five-field cron expression in the subset VolSync's CRD accepts: "*", "*\/n", "a-b", "a/n" and
 * comma lists of numbers, each within its field's range.
 * see https://github.com/backube/volsync/blob/main/config/crd/bases/volsync.backube_replicationsources.yaml
 */
export function isCron(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((field, i) => {
    const [min, max] = cronFields[i];
    const inRange = (n: string) => /^\d+$/.test(n) && Number(n) >= min && Number(n) <= max;
    if (field === "*") return true;
    let m = /^\*\/(\d+)$/.exec(field);
    if (m) return Number(m[1]) >= 1 && Number(m[1]) <= max;
    m = /^(\d+)([-/])(\d+)$/.exec(field);
    if (m) return inRange(m[1]) && (m[2] === "/" ? Number(m[3]) >= 1 : inRange(m[3]) && Number(m[1]) <= Number(m[3]));
    return field.split(",").every(inRange);
  });
}
