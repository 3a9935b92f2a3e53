// The backups layer: VolSync; per app in the backup table its namespace and the objects of
// appBackup.ts (repository → check → restore → backup, the restore-first order of guard.ts); and
// etcd snapshots (etcdBackup.ts).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupsConfig } from "../config/types";
import { after, ChartRef, release } from "../k8s/release";
import { volsyncChartVersion } from "../versions";
import { backUpApp } from "./appBackup";
import { etcdTarget, installEtcdBackup } from "./etcdBackup";
import { gateRules } from "./gate";
import { privilegedMoversAnnotation, VolumeClasses } from "./mover";

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

export interface BackupsArgs {
  /** The cluster's explicit Kubernetes provider (Talos layer). */
  provider: k8s.Provider;
  /** The same cluster, adopting objects that exist: for the apps' namespaces only. */
  adoptingProvider: k8s.Provider;
  /** The CNI's release (platform layer): every object of this layer waits for it. */
  cni: pulumi.Resource;
  /** How long the VolSync release may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
  /** RBD StorageClass name for restore and snapshot volumes. */
  storageClass: pulumi.Input<string>;
  /** RBD VolumeSnapshotClass name; implies the snapshot controller and Ceph CSI are up. */
  snapshotClass: pulumi.Input<string>;
  /** The inventory's backup table. */
  backups: BackupsConfig;
  /** The cluster's name: etcd snapshot files are named after it. */
  clusterName: string;
  resticPassword: pulumi.Input<string>;
  s3AccessKeyId: pulumi.Input<string>;
  s3SecretAccessKey: pulumi.Input<string>;
  /** The age recipient etcd snapshots are encrypted to (derived from etcdBackupAgeIdentity). */
  etcdBackupRecipient?: pulumi.Input<string>;
  /** Protect the Secrets that hold backup credentials. */
  protect: boolean;
}

export class Backups extends pulumi.ComponentResource {
  /** ReplicationDestination name per app: what the app's PVC in Git names in `dataSourceRef`. */
  public readonly restoreSources: Record<string, string>;

  constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:backups:Backups", name, {}, opts);
    // Nothing of this layer registers before the CNI runs: the checks' and restores' Jobs count
    // their deadlines from creation, and on a cold build the nodes are NotReady until then.
    const child = after({ parent: this, provider: args.provider }, args.cni);
    const credentials = {
      password: args.resticPassword,
      s3AccessKeyId: args.s3AccessKeyId,
      s3SecretAccessKey: args.s3SecretAccessKey,
    };
    const classes: VolumeClasses = { storageClass: args.storageClass, snapshotClass: args.snapshotClass };

    // VolSync installs after the CNI, beside the snapshot controller; only its restores and backups
    // name the snapshot class (in their specs), so they alone wait for it.
    const volsyncNs = new k8s.core.v1.Namespace(`${name}-volsync`, { metadata: { name: volsyncNamespace } }, child);
    const volsync = release(
      `${name}-volsync`,
      {
        chart: volsyncChart,
        namespace: volsyncNs.metadata.name,
        values: volsyncValues(),
        timeoutSeconds: args.helmTimeout,
      },
      child,
    );

    // Pulumi owns the namespaces of backed-up apps: the Secret and the restore must exist before
    // Argo CD syncs the app. Argo's CreateNamespace=true is then a no-op; Git holds no Namespace.
    // A namespace that exists already (an app that runs, Argo CD first, an app added back) is
    // adopted, not refused: it goes through the adopting provider, which `pulumi preview --diff`
    // names on each of these creates ([provider=…portkey-adopting…]).
    // retainOnDelete: dropping an app from the table must never delete its namespace and PVC.
    const adopting = after({ parent: this, provider: args.adoptingProvider }, args.cni);
    const namespaces = new Map<string, k8s.core.v1.Namespace>();
    for (const ns of new Set(Object.values(args.backups.apps).map((a) => a.namespace))) {
      const namespace = new k8s.core.v1.Namespace(
        `${name}-ns-${ns}`,
        { metadata: { name: ns, annotations: privilegedMoversAnnotation } },
        { ...adopting, retainOnDelete: true },
      );
      namespaces.set(ns, namespace);
    }
    const gateRole = new k8s.rbac.v1.ClusterRole(
      `${name}-restore-gate`,
      { metadata: { name: `${name}-restore-gate` }, rules: gateRules },
      child,
    );

    const shared = { backups: args.backups, credentials, classes, volsync, gateRole, protect: args.protect };
    this.restoreSources = {};
    for (const [app, cfg] of Object.entries(args.backups.apps)) {
      const namespace = namespaces.get(cfg.namespace)!.metadata.name;
      this.restoreSources[app] = backUpApp(name, { ...shared, app, cfg, namespace }, child);
    }

    if (args.backups.etcd) {
      if (args.etcdBackupRecipient === undefined)
        throw new Error("backups.etcd is set but no etcdBackupRecipient was given");
      installEtcdBackup(
        name,
        {
          etcd: etcdTarget(args.backups.etcd, args.backups.repository, args.clusterName),
          // A public key: shown in the preview, never the identity it comes from.
          ageRecipient: args.etcdBackupRecipient,
          clusterName: args.clusterName,
          caCert: args.backups.caCert,
          s3AccessKeyId: args.s3AccessKeyId,
          s3SecretAccessKey: args.s3SecretAccessKey,
          protect: args.protect,
        },
        child,
      );
    }
    this.registerOutputs({ restoreSources: this.restoreSources });
  }
}
