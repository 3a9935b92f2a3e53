// The CSI snapshot controller and its CRDs, and one VolumeSnapshotClass per Ceph driver, each the
// default for its driver. VolSync (backups layer) snapshots through the RBD class.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CephConfig } from "../config";
import { snapshotControllerChartVersion } from "../versions";
import { CephCsi, cephfsDriver, rbdDriver, SecretRef } from "./cephCsi";
import { after, ChartRef, release } from "./release";

export const snapshotControllerChart: ChartRef = {
  chart: "snapshot-controller",
  repo: "https://piraeus.io/helm-charts/",
  version: snapshotControllerChartVersion,
};

export const blockSnapshotClassName = "ceph-block-snapshot";
export const fsSnapshotClassName = "ceph-filesystem-snapshot";

/** The chart installs the snapshot.storage.k8s.io CRDs as regular templates (chart v5+). */
export function snapshotControllerValues() {
  return { installCRDs: true, controller: { enabled: true, replicaCount: 1 }, volumeSnapshotClasses: [] };
}

export interface VolumeSnapshotClassArgs {
  /** The VolumeSnapshotClass's name. */
  name: string;
  /** The CSI driver that cuts the snapshots (rbdDriver or cephfsDriver). */
  driver: string;
  /** The Ceph cluster the driver talks to. */
  ceph: CephConfig;
  /** The driver's cephx Secret. */
  secret: SecretRef;
  /** Annotate it as the default class of its driver. */
  isDefault: boolean;
}

/**
 * A VolumeSnapshotClass for a Ceph driver. The default-class annotation is the snapshot one, not
 * the StorageClass one the ceph-csi chart comment shows.
 */
export function volumeSnapshotClass(args: VolumeSnapshotClassArgs) {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name: args.name,
      annotations: defaultAnnotation(args.isDefault),
    },
    driver: args.driver,
    deletionPolicy: "Delete",
    parameters: {
      clusterID: args.ceph.clusterId,
      "csi.storage.k8s.io/snapshotter-secret-name": args.secret.name,
      "csi.storage.k8s.io/snapshotter-secret-namespace": args.secret.namespace,
    },
  };
}

export interface SnapshotsArgs {
  /** The Ceph cluster the snapshot classes name. */
  ceph: CephConfig;
  /** The Ceph CSI drivers: their Secrets and releases. */
  csi: CephCsi;
  /** The CNI's release: the controller's pods wait for it. */
  cni: pulumi.Resource;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
}

/** Returns the RBD VolumeSnapshotClass, the one VolSync snapshots through. */
export function installSnapshots(
  name: string,
  args: SnapshotsArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  const { ceph, csi } = args;
  // kube-system: the controller is cluster infrastructure, like the external-snapshotter manifests.
  const chart = release(
    `${name}-snapshot-controller`,
    {
      chart: snapshotControllerChart,
      namespace: "kube-system",
      values: snapshotControllerValues(),
      timeoutSeconds: args.helmTimeout,
    },
    after(opts, args.cni),
  );
  // Each class waits for the CRDs the chart installs and for its driver: VolSync's restores wait
  // for the class, so its existence must mean a provisioner can cut the snapshot. A snapshot
  // without a class gets the default of its volume's driver (external-snapshotter
  // pkg/common-controller/snapshot_controller.go, SetDefaultSnapshotClass): CephFS has its own.
  const block = new k8s.apiextensions.CustomResource(
    `${name}-${blockSnapshotClassName}`,
    volumeSnapshotClass({
      name: blockSnapshotClassName,
      driver: rbdDriver,
      ceph,
      secret: csi.rbdSecret,
      isDefault: true,
    }),
    after(opts, chart, csi.rbdRelease),
  );
  new k8s.apiextensions.CustomResource(
    `${name}-${fsSnapshotClassName}`,
    volumeSnapshotClass({
      name: fsSnapshotClassName,
      driver: cephfsDriver,
      ceph,
      secret: csi.cephfsSecret,
      isDefault: true,
    }),
    after(opts, chart, csi.cephfsRelease),
  );
  return block;
}

function defaultAnnotation(isDefault: boolean): Record<string, string> {
  return isDefault ? { "snapshot.storage.kubernetes.io/is-default-class": "true" } : {};
}
