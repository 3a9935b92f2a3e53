// The cluster platform: the add-ons every app relies on, owned by this stack alone.
//
// Ordering: Cilium depends only on the provider (which carries the Talos kubeconfig, so it waits
// for bootstrap). Every other chart waits for the Cilium release (Helm --wait: nothing schedules
// before the CNI) plus what it consumes: snapshot classes the snapshot CRDs and their Ceph CSI
// driver, the GPU plugin the operator (which needs cert-manager and its CRD), Argo CD the
// load-balancer pool, the root Application the Argo CD chart. Nothing waits for Argo CD except
// its own Application.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, GitopsConfig, NfsConfig, PlatformConfig, CephConfig } from "../config";
import { durationSeconds } from "../config/checks";
import { installArgoCd } from "./argocd";
import { installCephCsi } from "./cephCsi";
import { installCilium } from "./cilium";
import { installIntelGpu } from "./intelGpu";
import { installNfs } from "./nfs";
import { installSnapshots } from "./snapshots";
import { installUsbDevicePlugin, SerialDevice } from "./usbDevices";

export interface PlatformArgs {
  /** The Kubernetes provider built from the Talos kubeconfig. */
  provider: k8s.Provider;
  cluster: ClusterConfig;
  storage: { ceph: CephConfig; nfs: NfsConfig };
  platform: PlatformConfig;
  gitops: GitopsConfig;
  /** USB serial devices passed through to nodes, offered to pods as `portkey.home/<name>`. */
  serialDevices: SerialDevice[];
  /** Ceph client key of storage.ceph.userId (a Pulumi secret). */
  cephUserKey: pulumi.Input<string>;
  /** Protect data-bearing resources (the stack's `protect` setting). */
  protect: boolean;
}

export class Platform extends pulumi.ComponentResource {
  /** The default RBD StorageClass ("ceph-block"). */
  public readonly blockStorageClass: pulumi.Output<string>;
  /** The RBD StorageClass whose volumes outlive their claims. */
  public readonly retainStorageClass: pulumi.Output<string>;
  /** The default VolumeSnapshotClass (RBD). */
  public readonly blockSnapshotClass: pulumi.Output<string>;
  /** The CNI's release: whatever runs a pod waits for it (nodes are NotReady until it runs). */
  public readonly cni: pulumi.Resource;
  /** How long each Helm release may take, in seconds (`platform.helmTimeout`). */
  public readonly helmTimeout: number;
  /** Argo CD's admin password (secret). */
  public readonly argocdAdminPassword: pulumi.Output<string>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("portkey:k8s:Platform", name, {}, opts);
    const base: pulumi.CustomResourceOptions = { parent: this, provider: args.provider };

    const helmTimeout = durationSeconds(args.platform.helmTimeout);
    const cilium = installCilium(name, { cluster: args.cluster, platform: args.platform, helmTimeout }, base);
    const cni = cilium.release;

    const { ceph, nfs } = args.storage;
    const csi = installCephCsi(
      name,
      { ceph, userKey: args.cephUserKey, cni, helmTimeout, protect: args.protect },
      base,
    );
    const blockSnapshotClass = installSnapshots(name, { ceph, csi, cni, helmTimeout }, base);
    installNfs(name, { nfs, cni, helmTimeout, protect: args.protect }, base);
    installIntelGpu(name, { cni, helmTimeout }, base);
    installUsbDevicePlugin(name, { devices: args.serialDevices, cni }, base);
    const argocd = installArgoCd(
      name,
      { platform: args.platform, gitops: args.gitops, lbPool: cilium.pool, cni, helmTimeout },
      base,
    );

    this.cni = cni;
    this.helmTimeout = helmTimeout;
    this.blockStorageClass = csi.blockClass.metadata.name;
    this.retainStorageClass = csi.retainClass.metadata.name;
    this.blockSnapshotClass = blockSnapshotClass.metadata.name;
    this.argocdAdminPassword = argocd.adminPassword;
    this.registerOutputs({
      blockStorageClass: this.blockStorageClass,
      retainStorageClass: this.retainStorageClass,
      blockSnapshotClass: this.blockSnapshotClass,
    });
  }
}
