// The `storage` section: the external Ceph cluster and the NFS server.
import { absolutePath, ipv4, label, matches, monitor, quantity } from "../checks";
import { map, object, string, stringList } from "../fields";

const ceph = object({
  /** `ceph fsid`. */
  clusterId: string(matches(/^[0-9a-f-]{1,36}$/, "is not a Ceph fsid (at most 36 hex digits and dashes)")),
  monitors: stringList(monitor),
  rbdPool: string(),
  cephfsName: string(),
  /** Without the "client." prefix Ceph's own tools print. */
  userId: string((v) => (v.startsWith("client.") ? 'must not start with "client."' : undefined)),
});

const nfsVolume = object({
  path: string(absolutePath),
  /** Kubernetes quantity, e.g. "2Ti". */
  capacity: string(quantity),
});

const nfs = object({
  server: string(ipv4),
  /** StorageClass name to the export it provisions sub-directories in. */
  storageClasses: map(label, string(absolutePath)),
  /** Static volumes by name, for data shared between apps. */
  volumes: map(label, nfsVolume).absentAs({}),
});

export const storage = object({ ceph, nfs });
