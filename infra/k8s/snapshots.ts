// The CSI snapshot controller and its CRDs, and one VolumeSnapshotClass per Ceph driver. VolSync
// (backups layer) snapshots through the default class.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CephConfig } from "../config";
import { snapshotControllerChartVersion } from "../versions";
import { cephfsDriver, rbdDriver, SecretRef } from "./cephCsi";
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

/**
 * A VolumeSnapshotClass for a Ceph driver. The default-class annotation is the snapshot one, not
 * the StorageClass one the ceph-csi chart comment shows.
 */
export function volumeSnapshotClass(
  name: string,
  driver: string,
  ceph: CephConfig,
  secret: SecretRef,
  isDefault: boolean,
) {
  return {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: {
      name,
      annotations: defaultAnnotation(isDefault),
    },
    driver,
    deletionPolicy: "Delete",
    parameters: {
      clusterID: ceph.clusterId,
      "csi.storage.k8s.io/snapshotter-secret-name": secret.name,
      "csi.storage.k8s.io/snapshotter-secret-namespace": secret.namespace,
    },
  };
}

export function installSnapshots(
  name: string,
  ceph: CephConfig,
  secrets: { rbd: SecretRef; cephfs: SecretRef },
  opts: pulumi.CustomResourceOptions,
  afterCni: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  // kube-system: the controller is cluster infrastructure, like the external-snapshotter manifests.
  const chart = release(
    `${name}-snapshot-controller`,
    "snapshot-controller",
    snapshotControllerChart,
    "kube-system",
    snapshotControllerValues(),
    afterCni,
  );
  // The classes need the CRDs the chart installs; nothing else.
  const afterCrds = after(opts, chart);
  const block = new k8s.apiextensions.CustomResource(
    `${name}-${blockSnapshotClassName}`,
    volumeSnapshotClass(blockSnapshotClassName, rbdDriver, ceph, secrets.rbd, true),
    afterCrds,
  );
  new k8s.apiextensions.CustomResource(
    `${name}-${fsSnapshotClassName}`,
    volumeSnapshotClass(fsSnapshotClassName, cephfsDriver, ceph, secrets.cephfs, false),
    afterCrds,
  );
  return block;
}

function defaultAnnotation(isDefault: boolean): Record<string, string> {
  return isDefault ? { "snapshot.storage.kubernetes.io/is-default-class": "true" } : {};
}
