// csi-driver-nfs: StorageClasses that provision sub-directories of NFS exports, and static volumes
// for data that exists on the NAS already (the media library) and that apps share.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { NfsConfig } from "../config";
import { csiDriverNfsChartVersion } from "../versions";
import { after, ChartRef, release } from "./release";
import { nfsVolumeName } from "./names";

export const nfsChart: ChartRef = {
  chart: "csi-driver-nfs",
  repo: "https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts",
  version: csiDriverNfsChartVersion,
};

export const nfsDriver = "nfs.csi.k8s.io";

// Talos runs no rpc.statd, so NFSv3 locking fails inside the CSI container
// (https://github.com/siderolabs/talos/issues/6582); 4.1 needs no statd.
export const nfsMountOptions = ["nfsvers=4.1"];

/**
 * A deleted claim's directory stays on the NAS. The driver writes `onDelete` into each volume's id
 * at creation (csi-driver-nfs v4.13.4 pkg/nfs/controllerserver.go getVolumeIDFromNfsVol); volumes
 * whose id carries none fall back to the driver's default, so the default keeps data too.
 */
export const nfsOnDelete = "retain";

/**
 * Directories are named by namespace and claim, so a rebuild's claim of the same name finds its
 * data again. The provisioner passes the claim's metadata because the chart runs it with
 * `--extra-create-metadata` (https://github.com/kubernetes-csi/csi-driver-nfs/blob/v4.13.4/docs/driver-parameters.md).
 */
export const nfsSubDir = "${pvc.metadata.namespace}/${pvc.metadata.name}";

/** The driver only; StorageClasses are ours. Its own snapshotter stays off: one controller per cluster. */
export function nfsValues() {
  return {
    externalSnapshotter: { enabled: false },
    volumeSnapshotClass: { create: false },
    storageClass: { create: false },
    controller: { defaultOnDeletePolicy: nfsOnDelete },
  };
}

/**
 * One provisioning StorageClass per `storage.nfs.storageClasses` entry (never the default class).
 * Reclaim stays Delete: the PersistentVolume object goes with its claim, its directory does not.
 */
export function nfsStorageClasses(nfs: NfsConfig) {
  return Object.entries(nfs.storageClasses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, share]) => ({
      metadata: { name, annotations: {} },
      provisioner: nfsDriver,
      reclaimPolicy: "Delete",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
      mountOptions: nfsMountOptions,
      parameters: { server: nfs.server, share, subDir: nfsSubDir, onDelete: nfsOnDelete },
    }));
}

/**
 * One static PersistentVolume per `storage.nfs.volumes` entry, named `nfs-<volume>`. A Git app
 * claims it with a PVC that sets `volumeName: nfs-<volume>` and `storageClassName: ""` (the empty
 * class keeps dynamic provisioners and the default class away). Retain: deleting the claim never
 * touches the files.
 */
export function nfsPersistentVolumes(nfs: NfsConfig) {
  return Object.entries(nfs.volumes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([volume, v]) => ({
      metadata: { name: nfsVolumeName(volume), labels: { "portkey.home/nfs-volume": volume } },
      spec: {
        capacity: { storage: v.capacity },
        accessModes: ["ReadWriteMany"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: "",
        mountOptions: nfsMountOptions,
        csi: {
          driver: nfsDriver,
          // {server}#{share}#{subdir}#{id}: must be unique per volume, so the volume name is the id.
          volumeHandle: `${nfs.server}#${v.path}##${volume}`,
          volumeAttributes: { server: nfs.server, share: v.path },
        },
      },
    }));
}

export interface NfsArgs {
  /** The NAS, its StorageClasses and its static volumes. */
  nfs: NfsConfig;
  /** The CNI's release: the driver's pods wait for it. */
  cni: pulumi.Resource;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
  /** Protect the static volumes (the stack's `protect` setting). */
  protect: boolean;
}

export function installNfs(name: string, args: NfsArgs, opts: pulumi.CustomResourceOptions): void {
  const { nfs } = args;
  // kube-system: the node DaemonSet is privileged with hostPath, and kube-system is PSA-exempt.
  release(
    `${name}-csi-driver-nfs`,
    { chart: nfsChart, namespace: "kube-system", values: nfsValues(), timeoutSeconds: args.helmTimeout },
    after(opts, args.cni),
  );
  // Fixed-name data holders: replacing them must delete first, prod protects them, and deleting
  // them from Pulumi leaves them in the cluster (infra/k8s/safety.ts).
  const dataOpts: pulumi.CustomResourceOptions = {
    ...opts,
    protect: args.protect,
    deleteBeforeReplace: true,
    retainOnDelete: true,
  };
  for (const sc of nfsStorageClasses(nfs)) {
    new k8s.storage.v1.StorageClass(`${name}-${sc.metadata.name}`, sc, opts);
  }
  for (const pv of nfsPersistentVolumes(nfs)) {
    new k8s.core.v1.PersistentVolume(`${name}-${pv.metadata.name}`, pv, dataOpts);
  }
}
