// Ceph CSI for the external, Proxmox-managed Ceph: RBD block volumes (the default StorageClass)
// and CephFS shared volumes. Each driver gets its own namespace: both charts create ConfigMaps
// named ceph-csi-config / ceph-config / ceph-csi-encryption-kms-config in their release namespace.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CephConfig } from "../config";
import { cephCsiCephfsChartVersion, cephCsiRbdChartVersion } from "../versions";
import { after, ChartRef, namespace, release } from "./release";
import { blockClassName, fsClassName, retainClassName } from "./names";

const repo = "https://ceph.github.io/csi-charts";
export const rbdChart: ChartRef = { chart: "ceph-csi-rbd", repo, version: cephCsiRbdChartVersion };
export const cephfsChart: ChartRef = { chart: "ceph-csi-cephfs", repo, version: cephCsiCephfsChartVersion };

export const rbdDriver = "rbd.csi.ceph.com";
export const cephfsDriver = "cephfs.csi.ceph.com";

/** Where a driver's cephx Secret lives; StorageClasses and snapshot classes point at it. */
export interface SecretRef {
  name: pulumi.Input<string>;
  namespace: pulumi.Input<string>;
}

// The chart neither creates the Secret (its userKey would make the whole values object secret and
// the preview diff unreadable) nor the StorageClass (we need two RBD classes, and their names as
// outputs for the backups layer).
function commonValues(ceph: CephConfig, cephFS?: { subvolumeGroup: string }) {
  return {
    csiConfig: [{ clusterID: ceph.clusterId, monitors: ceph.monitors, ...(cephFS ? { cephFS } : {}) }],
    secret: { create: false },
    storageClass: { create: false },
    // Three control-plane nodes and a required per-host anti-affinity: two replicas leave a node
    // free for rolling updates.
    provisioner: { replicaCount: 2 },
    // Talos' root filesystem is read-only; the hostPath mount of /etc/selinux is what broke Ceph CSI
    // on Talos before (https://github.com/ceph/ceph-csi/issues/2876), and Talos is not enforcing.
    selinuxMount: false,
  };
}

export function rbdValues(ceph: CephConfig) {
  return commonValues(ceph);
}

/** CephFS volumes go into the subvolume group "csi", which must exist on the Ceph side. */
export function cephfsValues(ceph: CephConfig) {
  return commonValues(ceph, { subvolumeGroup: "csi" });
}

function secretParameters(secret: SecretRef): Record<string, pulumi.Input<string>> {
  const params: Record<string, pulumi.Input<string>> = {};
  for (const role of ["provisioner", "controller-expand", "node-stage"]) {
    params[`csi.storage.k8s.io/${role}-secret-name`] = secret.name;
    params[`csi.storage.k8s.io/${role}-secret-namespace`] = secret.namespace;
  }
  return params;
}

export interface RbdStorageClassArgs {
  /** The StorageClass's name. */
  name: string;
  /** The Ceph cluster and its RBD pool. */
  ceph: CephConfig;
  /** The RBD driver's cephx Secret. */
  secret: SecretRef;
  /** What happens to an image when its claim goes: Retain keeps it. */
  reclaimPolicy: "Delete" | "Retain";
  /** Annotate it as the cluster's default StorageClass. */
  isDefault: boolean;
}

/** An RBD StorageClass; `ceph-block` is the cluster default, the Retain class keeps its images. */
export function rbdStorageClass(args: RbdStorageClassArgs) {
  return {
    metadata: {
      name: args.name,
      annotations: defaultAnnotation(args.isDefault),
    },
    provisioner: rbdDriver,
    reclaimPolicy: args.reclaimPolicy,
    volumeBindingMode: "Immediate",
    allowVolumeExpansion: true,
    parameters: {
      clusterID: args.ceph.clusterId,
      pool: args.ceph.rbdPool,
      imageFeatures: "layering",
      "csi.storage.k8s.io/fstype": "ext4",
      ...secretParameters(args.secret),
    },
  };
}

export function cephfsStorageClass(ceph: CephConfig, secret: SecretRef) {
  return {
    metadata: { name: fsClassName, annotations: {} },
    provisioner: cephfsDriver,
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
    allowVolumeExpansion: true,
    parameters: { clusterID: ceph.clusterId, fsName: ceph.cephfsName, ...secretParameters(secret) },
  };
}

export interface CephCsi {
  rbdSecret: SecretRef;
  cephfsSecret: SecretRef;
  /** The driver releases: Helm --wait returns once each driver's provisioner runs. */
  rbdRelease: k8s.helm.v3.Release;
  cephfsRelease: k8s.helm.v3.Release;
  blockClass: k8s.storage.v1.StorageClass;
  retainClass: k8s.storage.v1.StorageClass;
}

export interface CephCsiArgs {
  /** The external Ceph cluster: id, monitors, pools, client user. */
  ceph: CephConfig;
  /** Ceph client key of `ceph.userId` (a Pulumi secret). */
  userKey: pulumi.Input<string>;
  /** The CNI's release: the drivers' pods wait for it. */
  cni: pulumi.Resource;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
  /** Protect the Retain StorageClass (the stack's `protect` setting). */
  protect: boolean;
}

export function installCephCsi(name: string, args: CephCsiArgs, opts: pulumi.CustomResourceOptions): CephCsi {
  const { ceph, userKey } = args;
  const afterCni = after(opts, args.cni);
  // A fixed-name data holder: replacing it must delete first, and prod protects it.
  const dataOpts: pulumi.CustomResourceOptions = { ...opts, protect: args.protect, deleteBeforeReplace: true };
  const driver = (kind: "rbd" | "cephfs", ref: ChartRef, values: object) => {
    const ns = namespace(`${name}-ceph-csi-${kind}`, { namespace: `ceph-csi-${kind}`, privileged: true }, opts);
    const secret = new k8s.core.v1.Secret(
      `${name}-ceph-csi-${kind}`,
      {
        metadata: { name: `csi-${kind}-secret`, namespace: ns.metadata.name },
        // userID without the "client." prefix, as the driver expects.
        stringData: { userID: ceph.userId, userKey },
      },
      opts,
    );
    const chart = release(
      `${name}-ceph-csi-${kind}`,
      { chart: ref, namespace: ns.metadata.name, values, timeoutSeconds: args.helmTimeout },
      afterCni,
    );
    const secretRef: SecretRef = { name: secret.metadata.name, namespace: secret.metadata.namespace };
    return { secret: secretRef, chart };
  };
  const rbd = driver("rbd", rbdChart, rbdValues(ceph));
  const cephfs = driver("cephfs", cephfsChart, cephfsValues(ceph));
  const [rbdSecret, cephfsSecret] = [rbd.secret, cephfs.secret];
  const sc = (logical: string, args: object, o: pulumi.CustomResourceOptions) =>
    new k8s.storage.v1.StorageClass(`${name}-${logical}`, args as k8s.storage.v1.StorageClassArgs, o);
  const rbdClass = { ceph, secret: rbdSecret };
  const blockClass = sc(
    blockClassName,
    rbdStorageClass({ ...rbdClass, name: blockClassName, reclaimPolicy: "Delete", isDefault: true }),
    opts,
  );
  const retainClass = sc(
    retainClassName,
    rbdStorageClass({ ...rbdClass, name: retainClassName, reclaimPolicy: "Retain", isDefault: false }),
    dataOpts,
  );
  sc(fsClassName, cephfsStorageClass(ceph, cephfsSecret), opts);
  return { rbdSecret, cephfsSecret, rbdRelease: rbd.chart, cephfsRelease: cephfs.chart, blockClass, retainClass };
}

function defaultAnnotation(isDefault: boolean): Record<string, string> {
  return isDefault ? { "storageclass.kubernetes.io/is-default-class": "true" } : {};
}
