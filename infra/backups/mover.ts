// What an app's restore and its backup share: the volume classes, the repository Secret they read,
// the restic cache and how the mover runs. VolSync ReplicationSource / ReplicationDestination
// fields (https://volsync.readthedocs.io/en/stable/usage/restic/); a leaf that restore.ts and
// backup.ts both read.
import type * as pulumi from "@pulumi/pulumi";
import { caCertKey, Repository } from "./repository";

export const volsyncApiVersion = "volsync.backube/v1alpha1";

/** The classes an app's backup and restore volumes use (names of the platform layer's resources). */
export interface VolumeClasses {
  storageClass: pulumi.Input<string>;
  snapshotClass: pulumi.Input<string>;
}

/** restic cache: VolSync's default, stated so the preview shows it. */
export const cacheCapacity = "1Gi";
/** Prune (the expensive part of forgetting) once a week, VolSync's default, stated likewise. */
export const pruneIntervalDays = 7;

/**
 * Movers run privileged: the app's namespace carries `volsync.backube/privileged-movers: "true"`
 * (privilegedMoversAnnotation), so VolSync runs restic as uid 0 with DAC_OVERRIDE, CHOWN and FOWNER
 * only (v0.16.0 internal/controller/mover/restic/mover.go:590-600; all three within PSA baseline).
 * It reads every file whatever its owner and mode, and a restore gives each file back its owner.
 * No fsGroup: with ceph-csi's `fsGroupPolicy: File` the kubelet would set the group and g+rw
 * recursively on the source clone and the restored volume (kubelet volume_linux.go), so backups
 * would record altered modes and a restore would hand an app files it may refuse.
 */
export function moverSecurityContext() {
  return { seccompProfile: { type: "RuntimeDefault" } };
}

/** What lets VolSync run an app's movers privileged (VolSync PrivilegedMoversNamespaceAnnotation). */
export const privilegedMoversAnnotation = { "volsync.backube/privileged-movers": "true" };

/** restic's repository fields: the Secret, and the CA the mover passes as --cacert. */
export function resticRepository(repository: Repository) {
  return {
    repository: repository.secretName,
    ...(repository.hasCaCert ? { customCA: { secretName: repository.secretName, key: caCertKey } } : {}),
  };
}
