// VolSync ReplicationSource / ReplicationDestination specs and the repository-check Job, as typed
// data (https://volsync.readthedocs.io/en/stable/usage/restic/). Inputs are plain strings so the
// functions stay pure; the component passes resource outputs through `pulumi.Input`.
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp } from "../config/types";
import { checkScript, guardPlan, restoreTrigger } from "./guard";
import { cronFor, retainFor } from "./schedule";

/** The classes an app's volumes use (names of the platform layer's resources). */
export interface VolumeClasses {
  storageClass: pulumi.Input<string>;
  retainStorageClass: pulumi.Input<string>;
  snapshotClass: pulumi.Input<string>;
}

/** restic cache: VolSync's default, stated so the preview shows it. */
export const cacheCapacity = "1Gi";
/** Prune (the expensive part of forgetting) once a week, VolSync's default, stated likewise. */
export const pruneIntervalDays = 7;

/** The mover runs as the owner of the app's files, non-root unless the owner is root. */
export function moverSecurityContext(app: Pick<BackupApp, "moverUid" | "moverGid">) {
  return {
    runAsUser: app.moverUid,
    runAsGroup: app.moverGid,
    fsGroup: app.moverGid,
    runAsNonRoot: app.moverUid !== 0,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function replicationSourceSpec(
  name: string,
  app: BackupApp,
  repository: pulumi.Input<string>,
  classes: VolumeClasses,
) {
  const schedule = cronFor(name, app.schedule);
  return {
    sourcePVC: app.pvc,
    trigger: { schedule },
    paused: guardPlan(app.phase).sourcePaused,
    restic: {
      repository,
      // A Ceph snapshot gives a point-in-time copy while the app keeps running.
      copyMethod: "Snapshot",
      volumeSnapshotClassName: classes.snapshotClass,
      // The temporary volume made from the snapshot; it never outlives the backup.
      storageClassName: classes.storageClass,
      retain: retainFor(schedule, app.retentionDays),
      pruneIntervalDays,
      cacheCapacity,
      moverSecurityContext: moverSecurityContext(app),
    },
  };
}

/**
 * The restore an app's PVC names in `dataSourceRef` (VolSync's volume populator): Snapshot copy
 * method (required by the populator), a manual trigger so it restores once per trigger value
 * (https://volsync.readthedocs.io/en/stable/usage/volume-populator/).
 */
export function replicationDestinationSpec(app: BackupApp, repository: pulumi.Input<string>, classes: VolumeClasses) {
  return {
    trigger: { manual: restoreTrigger(app) },
    restic: {
      repository,
      copyMethod: "Snapshot",
      capacity: app.capacity,
      accessModes: ["ReadWriteOnce"],
      storageClassName: app.retainVolume ? classes.retainStorageClass : classes.storageClass,
      volumeSnapshotClassName: classes.snapshotClass,
      cacheCapacity,
      moverSecurityContext: moverSecurityContext(app),
      ...(app.restoreAsOf === undefined ? {} : { restoreAsOf: app.restoreAsOf }),
      ...(app.restorePrevious === undefined ? {} : { previous: app.restorePrevious }),
    },
  };
}

/** The repository check (guard step 1): restic from VolSync's own mover image, restricted PSA. */
export function repositoryCheckJobSpec(app: BackupApp, secretName: pulumi.Input<string>, image: string) {
  return {
    // A failed check is final for this run: the operator fixes the cause and re-runs `pulumi up`.
    backoffLimit: 1,
    activeDeadlineSeconds: 300,
    template: {
      spec: {
        restartPolicy: "Never",
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          seccompProfile: { type: "RuntimeDefault" },
        },
        containers: [
          {
            name: "check",
            image,
            command: ["/bin/bash", "-c", checkScript(guardPlan(app.phase))],
            envFrom: [{ secretRef: { name: secretName } }],
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
          },
        ],
      },
    },
  };
}
