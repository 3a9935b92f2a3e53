// The Proxmox layer: one Talos VM per inventory node, on its host, booted from an Image Factory
// image and with its hardware attached through cluster-wide mappings. Nothing here needs SSH.
import * as proxmoxve from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, NodeConfig, SiteConfig } from "../config";
import { Schematic } from "../providers/talos/schematic";
import { talosVersion } from "../versions";
import type { HardwareGroup } from "./extensions";
import { talosImageUrl } from "../providers/talos/imageFactory";
import { providerArgs } from "./hostCheck";
import { groupSchematic, hardwareGroup, talosImageFileName } from "./image";
import { gpuMapping, mappingName, usbMappings } from "./mappings";
import type { ProvisionedNode } from "./types";
import { vmArgs } from "./vmArgs";

export interface ProxmoxNodesArgs {
  /** API endpoint, TLS verification switch, and each host's storage, bridge and devices. */
  proxmox: SiteConfig["proxmox"];
  /** The Talos VMs, keyed by hostname. */
  nodes: Record<string, NodeConfig>;
  /** Cluster name (VM tags) and node network (subnet, gateway, DNS) for the nocloud config. */
  cluster: ClusterConfig;
  /** Proxmox API token, "user@realm!tokenid=uuid". */
  apiToken: pulumi.Input<string>;
  /** Protect VMs and hardware mappings from deletion (off only on scratch stacks). */
  protect: boolean;
}

export class ProxmoxNodes extends pulumi.ComponentResource {
  /** What the Talos layer needs per hostname; every field carries the dependency on the node's VM. */
  readonly nodes: Record<string, ProvisionedNode>;
  /** Per hostname: IP, role, Proxmox host and VM id (the stack output). */
  readonly vms: Record<string, Pick<ProvisionedNode, "ip" | "role" | "host" | "vmId" | "schematicId">>;

  constructor(name: string, args: ProxmoxNodesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:proxmox:ProxmoxNodes", name, {}, opts);
    const { proxmox, nodes } = args;

    // API token only: VMs, importFrom, downloads and mappings all go through the API.
    const provider = new proxmoxve.Provider(name, providerArgs(proxmox, args.apiToken), { parent: this });
    const child = { parent: this, provider };
    // A fixed name or VM id collides with itself on create-before-delete.
    const guarded = { ...child, protect: args.protect, deleteBeforeReplace: true };

    const mappings: Record<string, pulumi.Output<string>> = {};
    const gpu = gpuMapping(proxmox.hosts);
    if (gpu) mappings[gpu.name] = new proxmoxve.hardware.mapping.Pci(`${name}-${gpu.name}`, gpu, guarded).name;
    for (const usb of usbMappings(proxmox.hosts)) {
      mappings[usb.name] = new proxmoxve.hardware.mapping.Usb(`${name}-usb-${usb.name}`, usb, guarded).name;
    }

    const groups = Object.fromEntries(
      Object.entries(nodes).map(([hostname, node]) => [hostname, hardwareGroup(node, proxmox.hosts[node.host])]),
    ) as Record<string, HardwareGroup>;
    const schematics: Partial<Record<HardwareGroup, Schematic>> = {};
    for (const group of [...new Set(Object.values(groups))].sort()) {
      schematics[group] = new Schematic(`${name}-${group}`, { schematic: groupSchematic(group) }, { parent: this });
    }

    // One download per host and schematic. Versioned names: a new version downloads beside the old
    // file, and overwrite=false stops refresh from replacing it over a size mismatch.
    // overwriteUnmanaged: a rebuild after a lost state meets the file of the same name still on the
    // host, which bpg otherwise refuses ("File already exists in the datastore, it was created outside
    // of Terraform"). Replacing it is safe: the name holds the Talos version and the schematic id (a
    // hash of its content), so the file is the same image, and no VM reads it after creation (an
    // import copies the image into the VM's own disk).
    // see https://github.com/bpg/terraform-provider-proxmox/blob/v0.112.0/fwprovider/nodes/resource_download_file.go
    const images = new Map<string, proxmoxve.download.File>();
    for (const [hostname, node] of Object.entries(nodes)) {
      const key = `${node.host}-${groups[hostname]}`;
      if (images.has(key)) continue;
      const schematicId = schematics[groups[hostname]]!.id;
      images.set(
        key,
        new proxmoxve.download.File(
          `${name}-${key}`,
          {
            nodeName: node.host,
            datastoreId: proxmox.hosts[node.host].imageDatastore,
            // "import" content (PVE >= 8.4) lets disks[].importFrom take the image through the API.
            contentType: "import",
            url: schematicId.apply((id) => talosImageUrl(id, talosVersion)),
            fileName: schematicId.apply((id) => talosImageFileName(id, talosVersion)),
            overwrite: false,
            overwriteUnmanaged: true,
            // The factory builds an image on its first request.
            uploadTimeout: 1800,
          },
          child,
        ),
      );
    }

    this.nodes = {};
    this.vms = {};
    for (const [hostname, node] of Object.entries(nodes)) {
      const vm = new proxmoxve.VmLegacy(
        `${name}-${hostname}`,
        vmArgs({
          hostname,
          node,
          host: proxmox.hosts[node.host],
          cluster: args.cluster,
          image: images.get(`${node.host}-${groups[hostname]}`)!.id,
          mappings: Object.fromEntries(node.hardware.map((h) => [h, mappings[mappingName(h)]])),
          protect: args.protect,
        }),
        // No ignoreChanges on disks[0].importFrom: the state must follow the current image. bpg
        // imports only at creation and ignores a later change (disk.go: "Never re-import existing
        // disks"), so a bump is an in-place update that touches nothing on the VM; and a VM replaced
        // later is created from the image that exists, not from the one a bump already deleted.
        // see https://github.com/bpg/terraform-provider-proxmox/blob/v0.112.0/proxmoxtf/resource/vm/disk/disk.go
        guarded,
      );
      // Values the inventory decides still flow out through the VM, so Talos waits for it.
      this.nodes[hostname] = {
        ip: vm.initialization.apply((init) => init?.ipConfigs?.[0]?.ipv4?.address?.split("/")[0] ?? node.ip),
        address: node.ip,
        role: node.role,
        hardware: node.hardware,
        host: vm.nodeName,
        vmId: vm.vmId,
        schematicId: pulumi.all([vm.vmId, schematics[groups[hostname]]!.id]).apply(([, id]) => id),
        vm,
      };
      const { ip, role, host, vmId, schematicId } = this.nodes[hostname];
      this.vms[hostname] = { ip, role, host, vmId, schematicId };
    }

    this.registerOutputs({ vms: this.vms });
  }
}
