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
const storageClass = (name: string, reclaimPolicy: string) =>
  new k8s.storage.v1.StorageClass(
    `platform-${name}`,
    { metadata: { name }, provisioner: "rbd.csi.ceph.com", reclaimPolicy },
    { provider },
  );
const block = storageClass("ceph-block", "Delete");
const retain = storageClass("ceph-block-retain", "Retain");
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
  retainStorageClass: retain.metadata.name,
  snapshotClass: snapshots.metadata.name,
  backups: config.backups,
  resticPassword: config.secrets.resticPassword,
  s3AccessKeyId: config.secrets.s3AccessKeyId,
  s3SecretAccessKey: config.secrets.s3SecretAccessKey,
  protect: config.protect,
});

export const restoreSources = backups.restoreSources;
