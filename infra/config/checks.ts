// What a single value must look like: each check returns the rule it breaks, or undefined.
// Rules that compare keys with each other live in rules/.
import { isCron, isDnsLabel, isIpv4, isMac, parseCidr, parsePool } from "./net";

type Rule<T> = (value: T) => string | undefined;
export const matches =
  (pattern: RegExp, rule: string): Rule<string> =>
  (v) =>
    pattern.test(v) ? undefined : rule;

export const ipv4: Rule<string> = (v) => (isIpv4(v) ? undefined : "is not an IPv4 address");
export const cidr: Rule<string> = (v) =>
  parseCidr(v) ? undefined : "is not a CIDR network address (a.b.c.d/n with no host bits set)";
export const pool: Rule<string> = (v) =>
  parsePool(v)
    ? undefined
    : "is not a CIDR network address or an address range (a.b.c.d/n, or a.b.c.d-a.b.c.e with first <= last)";
export const mac: Rule<string> = (v) =>
  isMac(v) ? undefined : "is not a MAC address (six hex pairs separated by colons)";
export const label: Rule<string> = (v) =>
  isDnsLabel(v) ? undefined : "is not a DNS label (lower-case letters, digits and '-', at most 63)";
export const positive: Rule<number> = (v) => (v > 0 ? undefined : "must be greater than 0");
export const notNegative: Rule<number> = (v) => (v >= 0 ? undefined : "must not be negative");
export const atLeast =
  (min: number, why: string): Rule<number> =>
  (v) =>
    v >= min ? undefined : `must be at least ${min} (${why})`;
export const between =
  (min: number, max: number, what: string): Rule<number> =>
  (v) =>
    v >= min && v <= max ? undefined : `is not ${what} (${min} to ${max})`;

// A USB device's name becomes the node label portkey.home/usb-<name> (63-character label names)
// and the device plugin's resource portkey.home/<name>, whose names must match
// [a-z0-9][-a-z0-9]*[a-z0-9] (squat/generic-device-plugin main.go, deviceTypeFmt).
export const usbName = matches(
  /^[a-z0-9][-a-z0-9]{0,57}[a-z0-9]$/,
  "is not a USB device name (2 to 59 lower-case letters, digits and '-', starting and ending with a letter or digit)",
);
export const devicePath = matches(/^\/dev\/\S+$/, "is not a device path under /dev/ (e.g. /dev/serial/by-id/usb-…)");
export const pciAddress = matches(
  /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/,
  "is not a PCI address (dddd:bb:ss.f, lower-case hex)",
);
export const pciId = matches(
  /^[0-9a-f]{4}:[0-9a-f]{4}$/,
  "is not a vendor:device id (four lower-case hex digits each)",
);
export const quantity = matches(/^\d+(Mi|Gi|Ti)$/, "is not a size in Mi, Gi or Ti (e.g. 5Gi)");
export const absolutePath = matches(/^\/[^\s]*$/, "is not an absolute path");
export const filePath = matches(/^[^\s]+$/, "is not a file path (no spaces)");

/** A Go duration as the Talos provider's timeouts take it, e.g. "15m" or "1h30m". */
export const duration: Rule<string> = (v) =>
  /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/.test(v) && /[1-9]/.test(v)
    ? undefined
    : 'is not a positive duration in hours, minutes and seconds (e.g. "15m" or "1h30m")';
/** Seconds in a duration the `duration` rule accepts ("1h30m" → 5400). */
export function durationSeconds(value: string): number {
  const [, h = "0", m = "0", s = "0"] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value) ?? [];
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
/** A duration of at least `min` (a duration itself), for waits a shorter value would break. */
export const durationAtLeast =
  (min: string, why: string): Rule<string> =>
  (v) =>
    duration(v) ?? (durationSeconds(v) >= durationSeconds(min) ? undefined : `must be at least ${min} (${why})`);
export const cron: Rule<string> = (v) => (isCron(v) ? undefined : "is not a five-field cron expression");
/** An app's backup schedule: a cron, or "daily" for a start time spread over the night (schedule.ts). */
export const schedule: Rule<string> = (v) =>
  v === "daily" || isCron(v) ? undefined : 'is not a five-field cron expression or "daily"';
export const rfc3339: Rule<string> = (v) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !isNaN(Date.parse(v))
    ? undefined
    : "is not an RFC 3339 time (e.g. 2025-01-31T23:00:00Z)";
export const monitor: Rule<string> = (v) => {
  const [ip, port, ...rest] = v.split(":");
  return isIpv4(ip) && rest.length === 0 && (port === undefined || /^\d{1,5}$/.test(port))
    ? undefined
    : "is not a monitor address (IPv4 or IPv4:port)";
};

/**
 * Why bpg refuses a device entry's `comment`, or undefined if it takes it. PVE keeps the comment as
 * `description=…` inside the comma-separated property string of the map entry, so the provider's
 * Check rejects "," and "=" (HardwareMappingMapCommentValidator, `^[^,=]*$`, bpg#2609), an empty
 * comment and surrounding whitespace (resourceSchemaBaseAttrComment).
 * see https://github.com/bpg/terraform-provider-proxmox/blob/v0.111.1/fwprovider/validators/hardware_mapping.go
 * see https://github.com/bpg/terraform-provider-proxmox/blob/v0.111.1/fwprovider/cluster/hardwaremapping/shared.go
 */
export function mapCommentProblem(comment: string): string | undefined {
  if (/[,=]/.test(comment))
    return 'must not contain "," or "=" (Proxmox keeps it in a comma-separated property string)';
  if (comment === "") return "must not be empty (Proxmox refuses an empty mapping comment)";
  if (comment.trim() !== comment) return "must not start or end with whitespace (Proxmox refuses it)";
  // pve-guest-common src/PVE/Mapping/PCI.pm and USB.pm: an entry's description has maxLength 4096.
  if (comment.length > 4096)
    return `must be at most 4096 characters (Proxmox's limit for a mapping entry's description), found ${comment.length}`;
  return undefined;
}
