// Step 4 of an app's backup: the scheduled ReplicationSource, once the restore's gate has passed
// (no backup before the app's claim was filled from the restore: volsync#627), paused when the
// app's phase says so.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp } from "../config/types";
import { cronFor } from "../config/schedule";
import { guardPlan } from "./guard";
import {
  cacheCapacity,
  moverSecurityContext,
  pruneIntervalDays,
  resticRepository,
  volsyncApiVersion,
  VolumeClasses,
} from "./mover";
import type { Repository } from "./repository";
import { retainFor } from "./schedule";

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

export interface BackUpArgs extends ReplicationSourceArgs {
  namespace: pulumi.Input<string>;
  /** What the backup waits for: the VolSync release (its CRDs) and the restore's gate. */
  after: pulumi.Resource[];
}

/** Creates the app's ReplicationSource. */
export function backUp(name: string, args: BackUpArgs, opts: pulumi.CustomResourceOptions): void {
  const { app, namespace } = args;
  new k8s.apiextensions.CustomResource(
    `${name}-${app}-src`,
    {
      apiVersion: volsyncApiVersion,
      kind: "ReplicationSource",
      metadata: { name: app, namespace },
      spec: replicationSourceSpec(args),
    },
    { ...opts, dependsOn: args.after },
  );
}
