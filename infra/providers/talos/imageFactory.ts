// The Image Factory, in one place: a schematic's YAML, and its addresses (the nocloud disk image the
// Proxmox layer downloads, and the nocloud installer the Talos config installs and upgrades from).
// nocloud reads Proxmox's cloud-init drive (static IP); its installer keeps the platform on upgrade.
// Pure; the Schematic resource that registers a schematic is schematic.ts.
// see https://github.com/siderolabs/image-factory/blob/main/docs/api.md
import { stringify } from "yaml";

const factoryHost = "factory.talos.dev";
const platform = "nocloud";

/** The uncompressed qcow2, which `importFrom` takes through the API (no SSH to the hosts). The
 *  provider's getUrls gives the compressed raw image instead, which importFrom cannot take. */
export const talosImageFile = `${platform}-amd64.qcow2`;

export function talosImageUrl(schematicId: string, talosVersion: string): string {
  return `https://${factoryHost}/image/${schematicId}/${talosVersion}/${talosImageFile}`;
}

/** The installer of the node's own schematic, so upgrades keep its extensions. */
export function installerImage(schematicId: string, talosVersion: string): string {
  return `${factoryHost}/${platform}-installer/${schematicId}:${talosVersion}`;
}

/** A schematic with these official system extensions, serialised once (sorted, so stable). */
export function schematicYaml(extensions: string[]): string {
  return stringify({ customization: { systemExtensions: { officialExtensions: [...extensions].sort() } } });
}
