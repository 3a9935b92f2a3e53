// The k8s layer's change-gate rules: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety/types";
import { k8sTokens } from "../tokens";
import { retainClassName } from "./names";

export const k8sReplaceRules: ReplaceRule[] = [
  {
    type: k8sTokens.storageClass,
    inputs: ["parameters", "provisioner", "reclaimPolicy", "volumeBindingMode"],
    source:
      "Kubernetes API validation: these StorageClass fields are immutable (ValidateStorageClassUpdate, https://kubernetes.io/docs/concepts/storage/storage-classes/)",
  },
  {
    type: k8sTokens.persistentVolume,
    inputs: ["spec.csi", "spec.storageClassName", "spec.volumeMode"],
    source:
      "Kubernetes API validation: a PersistentVolume's volume source is immutable after creation (ValidatePersistentVolumeUpdate, https://kubernetes.io/docs/concepts/storage/persistent-volumes/)",
  },
];

export const k8sDataBearing: DataBearing[] = [
  {
    type: k8sTokens.persistentVolume,
    urnPattern: /-nfs-[^:]+$/,
    why: "a static NFS volume bound by an app's claim: deleting it leaves the claim Lost and the app without its media; it has a fixed name, so a replacement must delete first",
    requires: { protect: true, retainOnDelete: true, deleteBeforeReplace: true },
  },
  {
    type: k8sTokens.storageClass,
    urnPattern: new RegExp(`-${retainClassName}$`),
    why: "the class of volumes that must outlive their claim (vaultwarden); while it is gone, a rebuild's claims for it stay Pending, and a fixed name means a replacement must delete first",
    requires: { protect: true, deleteBeforeReplace: true },
  },
];
