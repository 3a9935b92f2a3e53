// Names Git's apps and the other layers refer to: the StorageClasses and the static NFS volumes.
// Fixed, so claims in Git keep working across rebuilds; pure, so the gate's rules can name them.

/** The default RBD class, the Retain RBD class, and the CephFS class. */
export const blockClassName = "ceph-block";
export const retainClassName = "ceph-block-retain";
export const fsClassName = "ceph-filesystem";

/** Static NFS PersistentVolumes are named `nfs-<volume>`: the name Git apps claim them by. */
export function nfsVolumeName(volume: string): string {
  return `nfs-${volume}`;
}
