// The backups layer: VolSync, and per app in the backup table its namespace, restic repository
// Secret, repository check, restore (ReplicationDestination) and backup (ReplicationSource),
// created in the restore-first order of guard.ts.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupApp, BackupsConfig } from "../config/types";
import { ChartRef, release } from "../k8s/release";
import { volsyncChartVersion, volsyncImageVersion } from "../versions";
import { restoreAwait, restoreTimeoutSeconds, restoreTrigger } from "./guard";
import { resticSecretData, resticSecretName } from "./repository";
import { replicationDestinationSpec, replicationSourceSpec, repositoryCheckJobSpec, VolumeClasses } from "./specs";

export const volsyncNamespace = "volsync-system";
export const volsyncChart: ChartRef = {
  chart: "volsync",
  repo: "https://backube.github.io/helm-charts/",
  version: volsyncChartVersion,
};

/** The CRDs are chart templates, so Helm upgrades them with the controller. */
export function volsyncValues() {
  return { manageCRDs: true };
}
const volsyncApiVersion = "volsync.backube/v1alpha1";

export interface BackupsArgs {
  /** The cluster's explicit Kubernetes provider (Talos layer). */
  provider: k8s.Provider;
  /** RBD StorageClass name for restore and snapshot volumes. */
  storageClass: pulumi.Input<string>;
  /** Retain StorageClass name, for apps with `retainVolume`. */
  retainStorageClass: pulumi.Input<string>;
  /** RBD VolumeSnapshotClass name; implies the snapshot controller and Ceph CSI are up. */
  snapshotClass: pulumi.Input<string>;
  /** The inventory's backup table. */
  backups: BackupsConfig;
  resticPassword: pulumi.Input<string>;
  s3AccessKeyId: pulumi.Input<string>;
  s3SecretAccessKey: pulumi.Input<string>;
  /** Protect the repository Secrets. */
  protect: boolean;
}

export class Backups extends pulumi.ComponentResource {
  /** ReplicationDestination name per app: what the app's PVC in Git names in `dataSourceRef`. */
  public readonly restoreSources: Record<string, string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:backups:Backups", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const classes: VolumeClasses = {
      storageClass: args.storageClass,
      retainStorageClass: args.retainStorageClass,
      snapshotClass: args.snapshotClass,
    };

    const volsyncNs = new k8s.core.v1.Namespace(`${name}-volsync`, { metadata: { name: volsyncNamespace } }, child);
    // The description names the snapshot class the movers use; the data also orders VolSync after it.
    const volsync = release(
      `${name}-volsync`,
      "volsync",
      volsyncChart,
      volsyncNs.metadata.name,
      volsyncValues(),
      child,
      {
        description: pulumi.interpolate`VolSync restic movers, snapshots through ${args.snapshotClass}`,
      },
    );

    // Pulumi owns the namespaces of backed-up apps: the Secret and the restore must exist before
    // Argo CD syncs the app. Argo's CreateNamespace=true is then a no-op; Git holds no Namespace.
    // retainOnDelete: dropping an app from the table must never delete its namespace and PVC.
    const namespaces = new Map<string, k8s.core.v1.Namespace>();
    for (const ns of new Set(Object.values(args.backups.apps).map((a) => a.namespace))) {
      namespaces.set(
        ns,
        new k8s.core.v1.Namespace(`${name}-ns-${ns}`, { metadata: { name: ns } }, { ...child, retainOnDelete: true }),
      );
    }

    this.restoreSources = {};
    for (const [app, cfg] of Object.entries(args.backups.apps)) {
      this.restoreSources[app] = this.app(
        name,
        app,
        cfg,
        args,
        classes,
        namespaces.get(cfg.namespace)!,
        volsync,
        child,
      );
    }
    this.registerOutputs({ restoreSources: this.restoreSources });
  }

  private app(
    name: string,
    app: string,
    cfg: BackupApp,
    args: BackupsArgs,
    classes: VolumeClasses,
    ns: k8s.core.v1.Namespace,
    volsync: k8s.helm.v3.Release,
    child: pulumi.CustomResourceOptions,
  ): string {
    const namespace = ns.metadata.name;
    const secret = new k8s.core.v1.Secret(
      `${name}-${app}-restic`,
      {
        metadata: { name: resticSecretName(app), namespace },
        stringData: resticSecretData(args.backups.repository, app, {
          password: args.resticPassword,
          s3AccessKeyId: args.s3AccessKeyId,
          s3SecretAccessKey: args.s3SecretAccessKey,
        }),
      },
      { ...child, protect: args.protect },
    );

    const check = new k8s.batch.v1.Job(
      `${name}-${app}-check`,
      {
        metadata: {
          name: `${app}-repository-check`,
          namespace,
          annotations: { "pulumi.com/waitFor": "condition=Complete", "pulumi.com/timeoutSeconds": "600" },
        },
        spec: repositoryCheckJobSpec(cfg, secret.metadata.name, `quay.io/backube/volsync:${volsyncImageVersion}`),
        // A Job's template is immutable: a changed check (e.g. a new phase) runs as a new Job of the same name.
      },
      { ...child, replaceOnChanges: ["spec"], deleteBeforeReplace: true },
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
        spec: replicationDestinationSpec(cfg, secret.metadata.name, classes),
        // The CRD comes from the chart; the restore may run only once the check has passed.
      },
      { ...child, dependsOn: [volsync, check] },
    );

    new k8s.apiextensions.CustomResource(
      `${name}-${app}-src`,
      {
        apiVersion: volsyncApiVersion,
        kind: "ReplicationSource",
        metadata: { name: app, namespace },
        spec: replicationSourceSpec(app, cfg, secret.metadata.name, classes),
        // No backup before the restore has finished (the destination's waitFor): volsync#627.
      },
      { ...child, dependsOn: [volsync, destination] },
    );
    return destinationName;
  }
}
