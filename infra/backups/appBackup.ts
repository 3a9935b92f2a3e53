// One app's backup, read in the order Pulumi creates it and each step in its own module, handing
// the next what it needs (the restore-first guard, guard.ts):
// 1. repository.ts: the repository Secret and the fingerprints of what it says;
// 2. check.ts: the check Job, which exits with the verdict of the app's phase;
// 3. restore.ts: the restore, once the check passed, and the gate that waits for the claim;
// 4. backup.ts: the backup, once the gate passed.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { BackupApp, BackupsConfig } from "../config/types";
import { volsyncImageVersion } from "../versions";
import { ResticCredentials, openRepository } from "./repository";
import { checkRepository } from "./check";
import { restoreApp } from "./restore";
import { backUp } from "./backup";
import type { VolumeClasses } from "./mover";

/** VolSync's mover image (the chart's appVersion): the check's restic and the gate's python3. */
const moverImage = `quay.io/backube/volsync:${volsyncImageVersion}`;

export interface AppBackupArgs {
  /** The app's key in the backup table: names its repository, Secret and VolSync objects. */
  app: string;
  /** The app's row of the backup table. */
  cfg: BackupApp;
  /** The app's namespace, which the layer creates. */
  namespace: pulumi.Input<string>;
  /** The inventory's backups: the repository base and the CA. */
  backups: BackupsConfig;
  /** restic's password and the S3 credentials. */
  credentials: ResticCredentials;
  /** The classes of the restore and backup volumes. */
  classes: VolumeClasses;
  /** The VolSync release: its chart brings the CRDs. */
  volsync: pulumi.Resource;
  /** The ClusterRole each gate is bound to in its app's namespace. */
  gateRole: k8s.rbac.v1.ClusterRole;
  /** Protect the repository Secret (the stack's `protect` setting). */
  protect: boolean;
}

/**
 * Creates one app's objects, their logical names prefixed by `name` (the layer's) and the app;
 * returns the ReplicationDestination its PVC names in `dataSourceRef`.
 */
export function backUpApp(name: string, args: AppBackupArgs, opts: pulumi.CustomResourceOptions): string {
  const { app, cfg, namespace, classes } = args;
  const repository = openRepository(
    name,
    {
      app,
      namespace,
      repository: args.backups.repository,
      credentials: args.credentials,
      caCert: args.backups.caCert,
      protect: args.protect,
    },
    opts,
  );
  const check = checkRepository(name, { app, cfg, namespace, repository, image: moverImage }, opts);
  const restore = restoreApp(
    name,
    {
      app,
      cfg,
      namespace,
      repository,
      classes,
      image: moverImage,
      gateRole: args.gateRole,
      after: [args.volsync, check],
    },
    opts,
  );
  backUp(name, { app, cfg, namespace, repository, classes, after: [args.volsync, restore.gate] }, opts);
  return restore.destinationName;
}
