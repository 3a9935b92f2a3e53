// Safety data of the k8s layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

/** The default RBD class, the Retain RBD class, and the CephFS class. */
export const blockClassName = "ceph-block";
export const retainClassName = "ceph-block-retain";
export const fsClassName = "ceph-filesystem";

/** Static NFS PersistentVolumes are named `nfs-<volume>`: the name Git apps claim them by. */
export function nfsVolumeName(volume: string): string {
  return `nfs-${volume}`;
}

export const k8sReplaceRules: ReplaceRule[] = [
  {
    type: "kubernetes:storage.k8s.io/v1:StorageClass",
    inputs: ["parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"],
    source:
      "Kubernetes API validation: these StorageClass fields are immutable (ValidateStorageClassUpdate, https://kubernetes.io/docs/concepts/storage/storage-classes/)",
  },
  {
    type: "kubernetes:core/v1:PersistentVolume",
    inputs: ["spec.csi", "spec.storageClassName", "spec.volumeMode"],
    source:
      "Kubernetes API validation: a PersistentVolume's volume source is immutable after creation (ValidatePersistentVolumeUpdate, https://kubernetes.io/docs/concepts/storage/persistent-volumes/)",
  },
];

export const k8sDataBearing: DataBearing[] = [
  {
    type: "kubernetes:core/v1:PersistentVolume",
    urnPattern: /-nfs-[^:]+$/,
    why: "a static NFS volume bound by an app's claim: deleting it leaves the claim Lost and the app without its media; it has a fixed name, so a replacement must delete first",
    requires: { protect: true, retainOnDelete: true, deleteBeforeReplace: true },
  },
  {
    type: "kubernetes:storage.k8s.io/v1:StorageClass",
    urnPattern: new RegExp(`-${retainClassName}$`),
    why: "the class of volumes that must outlive their claim (vaultwarden); while it is gone, a rebuild's claims for it stay Pending, and a fixed name means a replacement must delete first",
    requires: { protect: true, deleteBeforeReplace: true },
  },
];
