// Every provider type and function token the program's rules, fakes and tests name, in one place.
// The program's resources get their tokens from the provider SDKs (and infra/providers/talos);
// tests/tokens.test.ts checks each entry against the SDK class or the provider schema, so a token
// written here cannot be wrong, and nothing else writes one.

export const proxmoxTokens = {
  provider: "pulumi:providers:proxmoxve",
  vm: "proxmoxve:index/vmLegacy:VmLegacy",
  downloadFile: "proxmoxve:download/file:File",
  pciMapping: "proxmoxve:hardware/mapping/pci:Pci",
  usbMapping: "proxmoxve:hardware/mapping/usb:Usb",
  getVersion: "proxmoxve:index/getVersion:getVersion",
  getDatastores: "proxmoxve:index/getDatastores:getDatastores",
  getPci: "proxmoxve:hardware/getPci:getPci",
  getMappings: "proxmoxve:hardware/getMappings:getMappings",
} as const;

export const talosTokens = {
  provider: "pulumi:providers:talos",
  secrets: "talos:machine/secrets:Secrets",
  configurationApply: "talos:machine/configurationApply:ConfigurationApply",
  bootstrap: "talos:machine/bootstrap:Bootstrap",
  kubeconfig: "talos:cluster/kubeconfig:Kubeconfig",
  schematic: "talos:imageFactory/schematic:Schematic",
  getConfiguration: "talos:machine/getConfiguration:getConfiguration",
  getClientConfiguration: "talos:client/getConfiguration:getConfiguration",
  getHealth: "talos:cluster/getHealth:getHealth",
} as const;

export const k8sTokens = {
  provider: "pulumi:providers:kubernetes",
  release: "kubernetes:helm.sh/v3:Release",
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  persistentVolume: "kubernetes:core/v1:PersistentVolume",
  storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
  job: "kubernetes:batch/v1:Job",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
  volumeSnapshotClass: "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass",
  replicationSource: "kubernetes:volsync.backube/v1alpha1:ReplicationSource",
  replicationDestination: "kubernetes:volsync.backube/v1alpha1:ReplicationDestination",
  loadBalancerPool: "kubernetes:cilium.io/v2:CiliumLoadBalancerIPPool",
  l2AnnouncementPolicy: "kubernetes:cilium.io/v2alpha1:CiliumL2AnnouncementPolicy",
  application: "kubernetes:argoproj.io/v1alpha1:Application",
  gpuDevicePlugin: "kubernetes:deviceplugin.intel.com/v1:GpuDevicePlugin",
} as const;

export const otherTokens = {
  command: "command:local:Command",
  randomPassword: "random:index/randomPassword:RandomPassword",
  stack: "pulumi:pulumi:Stack",
} as const;
