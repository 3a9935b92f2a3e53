// portkey: the table of contents. Config first, then the layers in order:
// Proxmox VMs → Talos → cluster platform → backups.
import { loadConfig } from "./infra/config";

const config = loadConfig();

// layer: proxmox

// layer: talos

// layer: platform

// layer: backups

export const clusterName = config.cluster.name;
