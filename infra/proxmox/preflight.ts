// Pure half of the Proxmox preflight: what the stack assumes about the hosts, and one problem line
// per mismatch in their answers. hostCheck.ts asks the provider's functions; docs/proxmox-setup.md
// lists the fixes.
import type { NodeConfig, SiteConfig } from "../config";
import { gpuMapping, usbMappings } from "./mappings";

/** The "import" content type and `disks[].importFrom` from an import volume need Proxmox VE 8.4. */
export const minimumRelease = "8.4";

export interface Expectations {
  endpoint: string;
  /** Each host that downloads the Talos image, and its image datastore. */
  images: Array<{ host: string; datastore: string }>;
  /** Each entry of the PCI mapping, with the ids the inventory states. */
  pci: Array<{ host: string; mapping: string; path: string; id: string; subsystemId: string; iommuGroup: number }>;
  /** Each entry of the USB mappings. */
  usb: Array<{ host: string; mapping: string; id: string }>;
}

/** A function's answer, or the error it failed with. */
export type Answer<T> = T | { error: string };

/** bpg's hardware.getPci device: ids are hex with a 0x prefix, as PVE lists them. */
export interface PciDevice {
  id: string;
  vendor: string;
  device: string;
  subsystemVendor: string;
  subsystemDevice: string;
  iommuGroup: number;
}

export interface MappingCheck {
  mappingId: string;
  severity: string;
  message: string;
}

/** What the provider's functions answered; all but the version by host. */
export interface Facts {
  version: Answer<{ release: string; version: string }>;
  /** The host's datastores named like its image datastore (none when it has no such datastore). */
  datastores: Record<string, Answer<Array<{ id: string; contentTypes: string[] }>>>;
  pci: Record<string, Answer<PciDevice[]>>;
  /** PVE's own check of the USB mappings on the host; empty until the mappings exist. */
  usbChecks: Record<string, Answer<MappingCheck[]>>;
}

export function expectations(proxmox: SiteConfig["proxmox"], nodes: Record<string, NodeConfig>): Expectations {
  const hosts = [...new Set(Object.values(nodes).map((n) => n.host))].sort();
  const gpu = gpuMapping(proxmox.hosts);
  return {
    endpoint: proxmox.endpoint,
    images: hosts.map((host) => ({ host, datastore: proxmox.hosts[host].imageDatastore })),
    pci: (gpu?.maps ?? []).map(({ node, path, id, subsystemId, iommuGroup }) => ({
      host: node,
      mapping: gpu!.name,
      path,
      id,
      subsystemId,
      iommuGroup,
    })),
    usb: usbMappings(proxmox.hosts).flatMap((m) => m.maps.map((e) => ({ host: e.node, mapping: m.name, id: e.id }))),
  };
}

function failed<T>(answer: Answer<T> | undefined): answer is { error: string } {
  return typeof answer === "object" && answer !== null && !Array.isArray(answer) && "error" in answer;
}

function olderThan(release: string, minimum: string): boolean {
  const [major, minor] = release.split(".").map(Number);
  const [wantMajor, wantMinor] = minimum.split(".").map(Number);
  return !(major > wantMajor || (major === wantMajor && minor >= wantMinor));
}

const hex = (value: string) => value.toLowerCase().replace(/^0x/, "");
const ids = (d: { id: string; subsystemId: string; iommuGroup: number }) =>
  `id ${d.id}, subsystem ${d.subsystemId}, IOMMU group ${d.iommuGroup}`;

/** One line per problem, each naming the host, what the stack expects and what the host answered. */
export function problems(expected: Expectations, facts: Facts): string[] {
  const out: string[] = [];
  const { version } = facts;
  const api = `Proxmox VE at ${expected.endpoint}`;
  if (failed(version)) out.push(`${api}: could not read its version: ${version.error}`);
  else if (olderThan(version.release, minimumRelease))
    out.push(
      `${api}: expected release ${minimumRelease} or newer (the "import" content type and disks[].importFrom), found ${version.release} (pve-manager ${version.version})`,
    );

  for (const { host, datastore } of expected.images) {
    const answer = facts.datastores[host];
    const store = failed(answer) ? undefined : answer.find((d) => d.id === datastore);
    if (failed(answer))
      out.push(`host ${host}: could not list datastore "${datastore}" (needs Datastore.Audit): ${answer.error}`);
    else if (!store)
      out.push(
        `host ${host}: expected datastore "${datastore}" (proxmox.hosts.${host}.imageDatastore), found no datastore of that name`,
      );
    else if (!store.contentTypes.includes("import")) {
      const types = [...store.contentTypes].sort();
      out.push(
        `host ${host}: expected datastore "${datastore}" to allow content type "import" (the Talos image is downloaded there), found ${types.join(", ") || "none"}; fix: pvesm set ${datastore} --content ${[...types, "import"].sort().join(",")}`,
      );
    }
  }

  for (const e of expected.pci) {
    const answer = facts.pci[e.host];
    const wanted = `PCI device ${e.path} with ${ids(e)} (mapping ${e.mapping})`;
    if (failed(answer)) {
      out.push(`host ${e.host}: could not list PCI devices (needs Sys.Audit on /): ${answer.error}`);
      continue;
    }
    const found = answer.find((d) => d.id === e.path);
    const actual = found && {
      id: `${hex(found.vendor)}:${hex(found.device)}`,
      subsystemId: `${hex(found.subsystemVendor)}:${hex(found.subsystemDevice)}`,
      iommuGroup: found.iommuGroup,
    };
    if (!actual) out.push(`host ${e.host}: expected ${wanted}, found no device at ${e.path}`);
    else if (ids(actual) !== ids(e)) out.push(`host ${e.host}: expected ${wanted}, found ${ids(actual)}`);
  }

  for (const e of expected.usb) {
    const answer = facts.usbChecks[e.host];
    if (failed(answer)) {
      out.push(`host ${e.host}: could not check the USB mappings (needs Mapping.Audit): ${answer.error}`);
      continue;
    }
    for (const check of answer.filter((c) => c.mappingId === e.mapping && c.severity === "error"))
      out.push(`host ${e.host}: expected USB device ${e.id} (mapping ${e.mapping}), found: ${check.message.trim()}`);
  }
  return [...new Set(out)];
}
