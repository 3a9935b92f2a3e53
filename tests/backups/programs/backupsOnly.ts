// The backups layer alone, for its tests: an explicit provider and stand-ins for the platform
// layer's classes (real resources, so the plan shows the dependencies their names carry).
import * as k8s from "@pulumi/kubernetes";
import { loadConfig } from "../../../infra/config";
import { Backups } from "../../../infra/backups/backups";

const config = loadConfig();
const provider = new k8s.Provider("test-k8s", {
  kubeconfig: "apiVersion: v1\nkind: Config\n",
  enableServerSideApply: true,
});
const block = new k8s.storage.v1.StorageClass(
  "platform-ceph-block",
  { metadata: { name: "ceph-block" }, provisioner: "rbd.csi.ceph.com", reclaimPolicy: "Delete" },
  { provider },
);
const snapshots = new k8s.apiextensions.CustomResource(
  "platform-ceph-block-snapshot",
  {
    apiVersion: "snapshot.storage.k8s.io/v1",
    kind: "VolumeSnapshotClass",
    metadata: { name: "ceph-block-snapshot" },
    driver: "rbd.csi.ceph.com",
    deletionPolicy: "Delete",
  },
  { provider },
);

const backups = new Backups("portkey", {
  provider,
  storageClass: block.metadata.name,
  snapshotClass: snapshots.metadata.name,
  backups: config.backups,
  clusterName: config.cluster.name,
  resticPassword: config.secrets.resticPassword,
  s3AccessKeyId: config.secrets.s3AccessKeyId,
  s3SecretAccessKey: config.secrets.s3SecretAccessKey,
  protect: config.protect,
});

export const restoreSources = backups.restoreSources;
