// Step 3 of an app's backup: the restore and its population gate. The ReplicationDestination the
// app's claim names in `dataSourceRef` restores once per trigger, only after the check passed
// (guard.ts); the gate then waits until the claim was filled from it and retires its image
// (gate.ts), and hands the backup (backup.ts) the Job to wait for.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp } from "../config/types";
import { populationGateJob } from "./gate";
import { guardPlan, restoreAwait, restoreTimeoutSeconds, restoreTrigger } from "./guard";
import { cacheCapacity, moverSecurityContext, resticRepository, volsyncApiVersion, VolumeClasses } from "./mover";
import type { Repository } from "./repository";

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

export interface RestoreArgs {
  app: string;
  cfg: BackupApp;
  namespace: pulumi.Input<string>;
  repository: Repository;
  classes: VolumeClasses;
  /** VolSync's mover image: the gate's python3. */
  image: string;
  /** The ClusterRole each gate is bound to in its app's namespace. */
  gateRole: k8s.rbac.v1.ClusterRole;
  /** What the restore waits for: the VolSync release (its CRDs) and the repository check. */
  after: pulumi.Resource[];
}

/** Creates the app's restore and gate; returns the destination's name and the gate Job. */
export function restoreApp(
  name: string,
  args: RestoreArgs,
  opts: pulumi.CustomResourceOptions,
): { destinationName: string; gate: k8s.batch.v1.Job } {
  const { app, cfg, namespace, repository } = args;
  const trigger = restoreTrigger(cfg);
  const destinationName = `${app}-dst`;
  const destination = new k8s.apiextensions.CustomResource(
    `${name}-${app}-dst`,
    {
      apiVersion: volsyncApiVersion,
      kind: "ReplicationDestination",
      metadata: {
        name: destinationName,
        namespace,
        annotations: restoreAwait(trigger, restoreTimeoutSeconds(cfg.capacity)),
      },
      spec: replicationDestinationSpec(cfg, repository, args.classes),
      // The CRD comes from the chart; the restore may run only once the check has passed. Its
      // snapshot class (in the spec) orders it after the snapshot controller.
    },
    { ...opts, dependsOn: args.after },
  );

  const gateAccount = new k8s.core.v1.ServiceAccount(
    `${name}-${app}-restore-gate`,
    { metadata: { name: `${app}-restore-gate`, namespace } },
    opts,
  );
  const gateBinding = new k8s.rbac.v1.RoleBinding(
    `${name}-${app}-restore-gate`,
    {
      metadata: { name: `${app}-restore-gate`, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: args.gateRole.metadata.name },
      subjects: [{ kind: "ServiceAccount", name: gateAccount.metadata.name, namespace }],
    },
    opts,
  );
  const gate = new k8s.batch.v1.Job(
    `${name}-${app}-gate`,
    populationGateJob({
      app,
      namespace,
      claim: cfg.pvc,
      destination: destinationName,
      plan: guardPlan(cfg.phase),
      trigger,
      serviceAccount: gateAccount.metadata.name,
      image: args.image,
    }),
    // It runs after the restore, with its permissions in place.
    { ...opts, replaceOnChanges: ["spec"], deleteBeforeReplace: true, dependsOn: [destination, gateBinding] },
  );
  return { destinationName, gate };
}
