// The typed site inventory that parseConfig returns, inferred from the schema (schema/site.ts);
// the names below are the slices the layers take. Every key is described in Pulumi.yaml.
import type * as pulumi from "@pulumi/pulumi";
import type { Infer } from "./fields";
import { secretKeys, site } from "./schema/site";

export { secretKeys };

export type SiteConfig = Infer<typeof site>;

export type HostConfig = SiteConfig["proxmox"]["hosts"][string];
/** A passable GPU carries its PCI ids; one that is not carries the reason. */
export type HostGpu = NonNullable<HostConfig["gpu"]>;
export type HostUsbDevice = HostConfig["usb"][string];

export type NodeConfig = SiteConfig["nodes"][string];
export type NodeRole = NodeConfig["role"];

export type ClusterConfig = SiteConfig["cluster"];
export type TalosConfig = SiteConfig["talos"];
export type CephConfig = SiteConfig["storage"]["ceph"];
export type NfsConfig = SiteConfig["storage"]["nfs"];
export type NfsVolume = NfsConfig["volumes"][string];
export type PlatformConfig = SiteConfig["platform"];
export type GitopsConfig = SiteConfig["gitops"];

export type BackupsConfig = SiteConfig["backups"];
export type BackupApp = BackupsConfig["apps"][string];
/** Where an app stands in the restore-first guard (see `phase` in schema/backups.ts). */
export type BackupPhase = BackupApp["phase"];
export type EtcdBackupConfig = NonNullable<BackupsConfig["etcd"]>;

/** Credentials, read only with requireSecret. */
export type SiteSecrets = { [K in (typeof secretKeys)[number]]: pulumi.Output<string> };
