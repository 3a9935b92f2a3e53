// Pure Helm-values and manifest builders, tested without mocks: the Talos-specific settings and
// the site facts each one must carry.
import { siteConfig } from "../site";
import { ciliumValues, l2AnnouncementPolicy, loadBalancerPool, poolBlock } from "../../infra/k8s/cilium";
import { cephfsStorageClass, rbdStorageClass, rbdValues } from "../../infra/k8s/cephCsi";
import { nfsPersistentVolumes, nfsStorageClasses, nfsValues } from "../../infra/k8s/nfs";
import { gpuDevicePlugin } from "../../infra/k8s/intelGpu";
import { argocdValues, rootApplication } from "../../infra/k8s/argocd";
import { volumeSnapshotClass } from "../../infra/k8s/snapshots";
import { gpuNodeLabel } from "../../infra/labels";

const secret = { name: "csi-rbd-secret", namespace: "ceph-csi-rbd" };

describe("Cilium values for Talos", () => {
  const values = ciliumValues(siteConfig().platform);

  test("drops SYS_MODULE from both capability lists (Talos forbids module loading)", () => {
    expect(values.securityContext.capabilities.ciliumAgent).not.toContain("SYS_MODULE");
    expect(values.securityContext.capabilities.cleanCiliumState).toEqual(["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"]);
    expect(values.securityContext.capabilities.ciliumAgent).toHaveLength(11);
  });

  test("uses Talos' cgroup mount, KubePrism, Kubernetes IPAM, kube-proxy replacement and L2 announcements", () => {
    expect(values.cgroup).toEqual({ autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" });
    expect([values.k8sServiceHost, values.k8sServicePort]).toEqual(["localhost", 7445]);
    expect(values.ipam).toEqual({ mode: "kubernetes" });
    expect(values.kubeProxyReplacement).toBe(true);
    expect(values.l2announcements).toEqual({ enabled: true });
  });

  test("never sets externalIPs.enabled, a key removed in 1.17 that the schema would still accept", () => {
    expect("externalIPs" in values).toBe(false);
  });

  test("turns Hubble relay and UI on and off with platform.hubble", () => {
    expect(ciliumValues({ hubble: false, helmTimeout: "20m", argocdIp: "192.168.0.225" }).hubble).toEqual({
      enabled: true,
      relay: { enabled: false, rollOutPods: true },
      ui: { enabled: false, rollOutPods: true },
    });
    expect(ciliumValues({ hubble: true, helmTimeout: "20m", argocdIp: "192.168.0.225" }).hubble).toEqual({
      enabled: true,
      relay: { enabled: true, rollOutPods: true },
      ui: { enabled: true, rollOutPods: true },
    });
  });

  test("a values change restarts every Cilium workload that reads the config: agents, operator, Envoy, relay, UI", () => {
    expect([
      values.rollOutCiliumPods,
      values.operator.rollOutPods,
      values.envoy.rollOutPods,
      values.hubble.relay.rollOutPods,
      values.hubble.ui.rollOutPods,
    ]).toEqual([true, true, true, true, true]);
  });

  test("the pool is cilium.io/v2 with the inventory's range as start/stop, the policy announces load-balancer IPs", () => {
    expect(loadBalancerPool(siteConfig().cluster)).toMatchObject({
      apiVersion: "cilium.io/v2",
      spec: { blocks: [{ start: "192.168.0.224", stop: "192.168.0.254" }] },
    });
    expect(l2AnnouncementPolicy().spec.loadBalancerIPs).toBe(true);
  });

  test("a pool given as a CIDR stays one block of that CIDR", () => {
    expect(poolBlock("192.168.0.224/28")).toEqual({ cidr: "192.168.0.224/28" });
    expect(poolBlock("192.168.0.224-192.168.0.230")).toEqual({ start: "192.168.0.224", stop: "192.168.0.230" });
  });
});

describe("Ceph CSI", () => {
  const ceph = siteConfig().storage.ceph;

  test("csiConfig names the cluster id and the three monitors; the chart creates no Secret or StorageClass", () => {
    expect(rbdValues(ceph).csiConfig).toEqual([
      { clusterID: ceph.clusterId, monitors: ["192.168.0.2:6789", "192.168.0.3:6789", "192.168.0.4:6789"] },
    ]);
    expect(rbdValues(ceph).secret).toEqual({ create: false });
    expect(rbdValues(ceph).storageClass).toEqual({ create: false });
  });

  test("ceph-block is the default RBD class on the inventory pool; the Retain class is not default", () => {
    const block = rbdStorageClass({ name: "ceph-block", ceph, secret, reclaimPolicy: "Delete", isDefault: true });
    expect(block.metadata.annotations).toEqual({ "storageclass.kubernetes.io/is-default-class": "true" });
    expect(block.parameters).toMatchObject({
      clusterID: ceph.clusterId,
      pool: "k8s",
      "csi.storage.k8s.io/node-stage-secret-name": "csi-rbd-secret",
    });
    const retain = rbdStorageClass({
      name: "ceph-block-retain",
      ceph,
      secret,
      reclaimPolicy: "Retain",
      isDefault: false,
    });
    expect([retain.reclaimPolicy, retain.metadata.annotations]).toEqual(["Retain", {}]);
  });

  test("the CephFS class provisions on the inventory's filesystem", () => {
    expect(cephfsStorageClass(ceph, secret).parameters.fsName).toBe("cephfs");
    expect(cephfsStorageClass(ceph, secret).provisioner).toBe("cephfs.csi.ceph.com");
  });

  test("the default VolumeSnapshotClass carries the snapshot annotation, not the StorageClass one", () => {
    const vsc = volumeSnapshotClass({
      name: "ceph-block-snapshot",
      driver: "rbd.csi.ceph.com",
      ceph,
      secret,
      isDefault: true,
    });
    expect(vsc.metadata.annotations).toEqual({ "snapshot.storage.kubernetes.io/is-default-class": "true" });
    expect(
      volumeSnapshotClass({ name: "x", driver: "rbd.csi.ceph.com", ceph, secret, isDefault: false }).metadata
        .annotations,
    ).toEqual({});
  });
});

describe("NFS", () => {
  const nfs = siteConfig().storage.nfs;

  test("one StorageClass per inventory entry, NFS 4.1 (Talos has no rpc.statd)", () => {
    expect(nfsStorageClasses(nfs).map((s) => [s.metadata.name, s.parameters, s.mountOptions])).toEqual([
      [
        "nfs",
        {
          server: "192.168.0.41",
          share: "/nfs/k8s",
          subDir: "${pvc.metadata.namespace}/${pvc.metadata.name}",
          onDelete: "retain",
        },
        ["nfsvers=4.1"],
      ],
    ]);
  });

  test("one Retain static volume per inventory entry, claimable by name with the empty class", () => {
    expect(
      nfsPersistentVolumes(nfs).map((pv) => [
        pv.metadata.name,
        pv.spec.csi.volumeAttributes.share,
        pv.spec.capacity.storage,
        pv.spec.persistentVolumeReclaimPolicy,
        pv.spec.storageClassName,
      ]),
    ).toEqual([
      ["nfs-nextcloud", "/nfs/nextcloud", "1Ti", "Retain", ""],
      ["nfs-plex", "/nfs/plex", "4Ti", "Retain", ""],
    ]);
  });

  test("volume handles are unique even when two volumes share an export", () => {
    const pvs = nfsPersistentVolumes({
      ...nfs,
      volumes: { a: { path: "/nfs/plex", capacity: "1Ti" }, b: { path: "/nfs/plex", capacity: "1Ti" } },
    });
    expect(new Set(pvs.map((pv) => pv.spec.csi.volumeHandle)).size).toBe(2);
  });

  test("the driver's own snapshotter stays off (one snapshot controller per cluster)", () => {
    expect(nfsValues().externalSnapshotter).toEqual({ enabled: false });
  });
});

describe("Intel GPU and Argo CD", () => {
  test("the GpuDevicePlugin selects the node label Talos sets on iGPU nodes", () => {
    expect(gpuDevicePlugin().spec.nodeSelector).toEqual({ [gpuNodeLabel]: "true" });
  });

  test("Argo CD gets the bcrypt hash and a LoadBalancer Service on platform.argocdIp", () => {
    const values = argocdValues(siteConfig().platform, "$2a$10$hash");
    expect(values.configs.secret.argocdServerAdminPassword).toBe("$2a$10$hash");
    expect(values.server.service).toEqual({
      type: "LoadBalancer",
      annotations: { "lbipam.cilium.io/ips": "192.168.0.225" },
    });
  });

  test("Argo CD's password mtime is a fixed instant, so a chart upgrade keeps every session", () => {
    const values = argocdValues(siteConfig().platform, "$2a$10$hash");
    expect(values.configs.secret.argocdServerAdminPasswordMtime).toBe("2026-01-01T00:00:00Z");
    expect(argocdValues(siteConfig().platform, "$2a$10$other").configs.secret.argocdServerAdminPasswordMtime).toBe(
      values.configs.secret.argocdServerAdminPasswordMtime,
    );
  });

  test("the root Application syncs the inventory's repo, path and revision with prune and selfHeal", () => {
    const app = rootApplication(siteConfig().gitops);
    expect(app.spec.source).toMatchObject({
      repoURL: "https://github.com/portkey-home/portkey-apps.git",
      path: "apps",
      targetRevision: "main",
    });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });
});
