// Every software version the stack installs, one per line, each with a Renovate marker
// (see renovate.json's regex manager). No version literal lives anywhere else.

// The Talos OS the nodes run: the image each host downloads and the installer a node upgrades to.
// A bump rolls the nodes one at a time (infra/talos/upgrades.ts); no VM is recreated.
// renovate: datasource=github-releases depName=siderolabs/talos
export const talosVersion = "v1.12.3";
// The machine-config contract: which defaults the config generator fills in. Fixed at the
// major.minor the cluster was created with and moved only on purpose, after every node runs that
// minor: a new contract can change generated defaults under nodes still on the old OS
// (siderolabs/docs talos/v1.12 "reproducible machine configuration"). Moving it re-applies every
// node's config. The cluster secrets keep the contract they were created with (talosCluster.ts).
// Not renovated.
export const talosConfigContract = "v1.12";
// Kubernetes; a bump runs `talosctl upgrade-k8s` after the OS upgrades. Talos 1.12 supports
// 1.30.0 to 1.35.x (talosKubernetesRange in infra/talos/upgradeOrder.ts).
// renovate: datasource=github-releases depName=kubernetes/kubernetes
export const kubernetesVersion = "v1.35.0";
// renovate: datasource=github-releases depName=pulumiverse/pulumi-talos extractVersion=^v(?<version>.*)$
export const talosProviderVersion = "0.8.1";

// renovate: datasource=helm depName=cilium registryUrl=https://helm.cilium.io/
export const ciliumChartVersion = "1.19.6";
// renovate: datasource=helm depName=ceph-csi-rbd registryUrl=https://ceph.github.io/csi-charts
export const cephCsiRbdChartVersion = "3.17.1";
// renovate: datasource=helm depName=ceph-csi-cephfs registryUrl=https://ceph.github.io/csi-charts
export const cephCsiCephfsChartVersion = "3.17.1";
// renovate: datasource=helm depName=snapshot-controller registryUrl=https://piraeus.io/helm-charts/
export const snapshotControllerChartVersion = "5.2.0";
// renovate: datasource=helm depName=csi-driver-nfs registryUrl=https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts
export const csiDriverNfsChartVersion = "4.13.4";
// cert-manager 1.19 supports Kubernetes 1.31–1.35 (1.18 stopped at 1.33): keep the line's range
// covering kubernetesVersion (https://cert-manager.io/docs/releases/).
// renovate: datasource=helm depName=cert-manager registryUrl=https://charts.jetstack.io
export const certManagerChartVersion = "v1.19.1";
// renovate: datasource=helm depName=intel-device-plugins-operator registryUrl=https://intel.github.io/helm-charts/
export const intelDevicePluginsOperatorChartVersion = "0.36.0";
// renovate: datasource=docker depName=ghcr.io/squat/generic-device-plugin
export const genericDevicePluginVersion = "0.1.0";
// renovate: datasource=helm depName=argo-cd registryUrl=https://argoproj.github.io/argo-helm
export const argoCdChartVersion = "10.1.1";
// renovate: datasource=helm depName=volsync registryUrl=https://backube.github.io/helm-charts/
export const volsyncChartVersion = "0.16.0";
// The chart's appVersion: the image whose restic the repository check runs.
// renovate: datasource=docker depName=quay.io/backube/volsync
export const volsyncImageVersion = "0.16.0";
// etcd snapshots (infra/backups/etcdBackup.ts); its newest release tag.
// renovate: datasource=docker depName=ghcr.io/siderolabs/talos-backup
export const talosBackupImageVersion = "v0.1.0-beta.3";
