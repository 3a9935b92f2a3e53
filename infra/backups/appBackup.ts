// One app's backup objects, in the restore-first order of guard.ts: the repository Secret, the
// check, the restore, the population gate and the backup.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp, BackupsConfig } from "../config/types";
import { volsyncImageVersion } from "../versions";
import { repositoryCheckJob } from "./check";
import { populationGateJob } from "./gate";
import { guardPlan, restoreAwait, restoreTimeoutSeconds, restoreTrigger } from "./guard";
import {
  fingerprint,
  repositoryFingerprint,
  ResticCredentials,
  resticRepositoryUrl,
  resticSecretData,
  resticSecretName,
} from "./repository";
import { replicationDestinationSpec, replicationSourceSpec, VolumeClasses } from "./specs";

const volsyncApiVersion = "volsync.backube/v1alpha1";

/** What the Secret says about how to get in: a secret itself, so a preview shows only that it moved. */
function credentialsFingerprint(credentials: ResticCredentials): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([credentials.password, credentials.s3AccessKeyId, credentials.s3SecretAccessKey])
      .apply((parts) => fingerprint(parts)),
  );
}
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
  const { app, cfg, namespace } = args;
  const caCert = args.backups.caCert;
  const secret = new k8s.core.v1.Secret(
    `${name}-${app}-restic`,
    {
      metadata: { name: resticSecretName(app), namespace },
      stringData: resticSecretData({ repository: args.backups.repository, app, credentials: args.credentials, caCert }),
    },
    { ...opts, protect: args.protect },
  );
  const repository = { secretName: secret.metadata.name, hasCaCert: caCert !== undefined };

  const check = new k8s.batch.v1.Job(
    `${name}-${app}-check`,
    repositoryCheckJob({
      app,
      namespace,
      cfg,
      secretName: secret.metadata.name,
      image: moverImage,
      hasCaCert: repository.hasCaCert,
      repository: repositoryFingerprint(resticRepositoryUrl(args.backups.repository, app), caCert),
      credentials: credentialsFingerprint(args.credentials),
    }),
    // A Job's template is immutable: a changed check runs as a new Job of the same name.
    { ...opts, replaceOnChanges: ["spec"], deleteBeforeReplace: true },
  );

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
    { ...opts, dependsOn: [args.volsync, check] },
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
      image: moverImage,
    }),
    // It runs after the restore, with its permissions in place.
    { ...opts, replaceOnChanges: ["spec"], deleteBeforeReplace: true, dependsOn: [destination, gateBinding] },
  );

  new k8s.apiextensions.CustomResource(
    `${name}-${app}-src`,
    {
      apiVersion: volsyncApiVersion,
      kind: "ReplicationSource",
      metadata: { name: app, namespace },
      spec: replicationSourceSpec({ app, cfg, repository, classes: args.classes }),
      // No backup before the app's claim was filled from the restore (the gate): volsync#627.
    },
    { ...opts, dependsOn: [args.volsync, gate] },
  );
  return destinationName;
}
