// Cross-field rules over a structurally read inventory. Each rule skips values that already
// failed their format check, so one mistake is reported once.
import type { Reader } from "../reader";
import { nodeRoles } from "../schema/nodes";
import type { SiteConfig } from "../types";
import { checkBackups } from "./backups";
import { checkNetworks } from "./network";

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

/**
 * etcd needs an odd number of members to keep quorum through one failure. The one deliberate
 * exception is a healthy control plane being replaced (add the new one, then remove the old:
 * siderolabs/docs talos/v1.12 learn-more/control-plane.mdx), named in talos.replacingControlPlane
 * for as long as both exist.
 */
function checkRoles(r: Reader, site: SiteConfig): void {
  // A node whose role failed its check (or that failed whole) has no role: counting it would
  // report its one mistake a second time.
  if (Object.values(site.nodes).some((n) => !nodeRoles.includes(n.role))) return;
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
