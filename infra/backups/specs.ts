// VolSync ReplicationSource / ReplicationDestination specs as typed data
// (https://volsync.readthedocs.io/en/stable/usage/restic/). Inputs are plain strings so the
// functions stay pure; the component passes resource outputs through `pulumi.Input`.
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp } from "../config/types";
import { guardPlan, restoreTrigger } from "./guard";
import { caCertKey } from "./repository";
import { cronFor } from "../config/schedule";
import { retainFor } from "./schedule";

/** The classes an app's backup and restore volumes use (names of the platform layer's resources). */
export interface VolumeClasses {
  storageClass: pulumi.Input<string>;
  snapshotClass: pulumi.Input<string>;
}

/** The app's repository Secret, and whether it carries `backups.caCert`. */
export interface Repository {
  secretName: pulumi.Input<string>;
  hasCaCert: boolean;
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
function resticRepository(repository: Repository) {
  return {
    repository: repository.secretName,
    ...(repository.hasCaCert ? { customCA: { secretName: repository.secretName, key: caCertKey } } : {}),
  };
}

export interface ReplicationSourceArgs {
  /** The app's key in the backup table: spreads its daily start (config/schedule.ts). */
  app: string;
  /** The app's row of the backup table. */
  cfg: BackupApp;
  /** The app's repository Secret. */
  repository: Repository;
  /** The snapshot class and the class of the temporary volume. */
  classes: VolumeClasses;
}

/** The app's scheduled backup, paused when its phase says so (guard.ts). */
export function replicationSourceSpec(args: ReplicationSourceArgs) {
  const { cfg, repository, classes } = args;
  const schedule = cronFor(args.app, cfg.schedule);
  return {
    sourcePVC: cfg.pvc,
    trigger: { schedule },
    paused: guardPlan(cfg.phase).sourcePaused,
    restic: {
      ...resticRepository(repository),
      // A Ceph snapshot gives a point-in-time copy while the app keeps running.
      copyMethod: "Snapshot",
      volumeSnapshotClassName: classes.snapshotClass,
      // The temporary volume made from the snapshot; it never outlives the backup.
      storageClassName: classes.storageClass,
      retain: retainFor(schedule, cfg.retentionDays),
      pruneIntervalDays,
      cacheCapacity,
      moverSecurityContext: moverSecurityContext(),
    },
  };
}

/**
 * The restore an app's PVC names in `dataSourceRef` (VolSync's volume populator): Snapshot copy
 * method (required by the populator), a manual trigger so it restores once per trigger value
 * (https://volsync.readthedocs.io/en/stable/usage/volume-populator/). Its own volume is reused
 * between restores (volsync mover.go ensureDestinationPVC), so restic deletes what the chosen
 * snapshot lacks (`--delete`, volsync#555); it is on the Delete class: only the app's own claim
 * needs Retain, and the destination's volume is a scratch copy.
 */
export function replicationDestinationSpec(app: BackupApp, repository: Repository, classes: VolumeClasses) {
  return {
    trigger: { manual: restoreTrigger(app) },
    restic: {
      ...resticRepository(repository),
      copyMethod: "Snapshot",
      capacity: app.capacity,
      accessModes: ["ReadWriteOnce"],
      storageClassName: classes.storageClass,
      volumeSnapshotClassName: classes.snapshotClass,
      cacheCapacity,
      moverSecurityContext: moverSecurityContext(),
      enableFileDeletion: true,
      ...(app.restoreAsOf === undefined ? {} : { restoreAsOf: app.restoreAsOf }),
      ...(app.restorePrevious === undefined ? {} : { previous: app.restorePrevious }),
    },
  };
}
