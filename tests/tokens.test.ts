// Every token in infra/tokens.ts is the one its provider uses: the SDK class's own type, the token
// the SDK function invokes, the Talos provider's schema, or a CRD's served group, version and kind.
import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { rootPulumiStackTypeName } from "@pulumi/pulumi/runtime/stack";
import { k8sTokens, otherTokens, proxmoxTokens, talosTokens } from "../infra/tokens";
import { readFixtureJson, readFixtureYaml } from "./fixtures";

/** The type every SDK resource class registers with (a private static in the typings). */
const resource = (cls: object) => (cls as { __pulumiType: string }).__pulumiType;
const provider = (cls: object) => `pulumi:providers:${resource(cls)}`;
/** The token an SDK function passes to `invoke`, read from its own code. */
const invoked = (fn: (...args: never[]) => unknown) => /invoke(?:Output)?\("([^"]+)"/.exec(fn.toString())?.[1];

test("Proxmox tokens are the SDK's", () => {
  expect(proxmoxTokens).toEqual({
    provider: provider(proxmox.Provider),
    vm: resource(proxmox.VmLegacy),
    downloadFile: resource(proxmox.download.File),
    pciMapping: resource(proxmox.hardware.mapping.Pci),
    usbMapping: resource(proxmox.hardware.mapping.Usb),
    getVersion: invoked(proxmox.getVersion),
    getDatastores: invoked(proxmox.getDatastores),
    getPci: invoked(proxmox.hardware.getPci),
    getMappings: invoked(proxmox.hardware.getMappings),
  });
});

test("Talos tokens are in the provider's schema (pulumiverse talos 0.8.1)", () => {
  const schema = readFixtureJson<{ name: string; resources: object; functions: object }>("talos/provider-schema.json");
  const { provider: talosProvider, ...tokens } = talosTokens;
  expect(talosProvider).toBe(`pulumi:providers:${schema.name}`);
  const known = [...Object.keys(schema.resources), ...Object.keys(schema.functions)];
  expect(Object.values(tokens).filter((t) => !known.includes(t))).toEqual([]);
});

const crd = (file: string) => {
  const doc = readFixtureYaml<{
    spec: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean }> };
  }>(file);
  const served = doc.spec.versions.filter((v) => v.served).map((v) => v.name);
  return (version: string) =>
    served.includes(version)
      ? `kubernetes:${doc.spec.group}/${version}:${doc.spec.names.kind}`
      : `not served: ${version}`;
};

test("Kubernetes tokens are the SDK's, and custom resources' are their CRDs' served versions", () => {
  expect(k8sTokens).toEqual({
    provider: provider(k8s.Provider),
    release: resource(k8s.helm.v3.Release),
    namespace: resource(k8s.core.v1.Namespace),
    secret: resource(k8s.core.v1.Secret),
    persistentVolume: resource(k8s.core.v1.PersistentVolume),
    storageClass: resource(k8s.storage.v1.StorageClass),
    job: resource(k8s.batch.v1.Job),
    daemonSet: resource(k8s.apps.v1.DaemonSet),
    clusterRole: resource(k8s.rbac.v1.ClusterRole),
    volumeSnapshotClass: crd("k8s/snapshot-controller/snapshot.storage.k8s.io_volumesnapshotclasses.yaml")("v1"),
    replicationSource: crd("k8s/volsync/volsync.backube_replicationsources.yaml")("v1alpha1"),
    replicationDestination: crd("k8s/volsync/volsync.backube_replicationdestinations.yaml")("v1alpha1"),
    loadBalancerPool: crd("k8s/cilium/ciliumloadbalancerippools.yaml")("v2"),
    l2AnnouncementPolicy: crd("k8s/cilium/ciliuml2announcementpolicies.yaml")("v2alpha1"),
    application: crd("k8s/argocd/application-crd.yaml")("v1alpha1"),
    gpuDevicePlugin: crd("k8s/intel-device-plugins/deviceplugin.intel.com_gpudeviceplugins.yaml")("v1"),
  });
});

test("the command, random and stack tokens are the SDKs'", () => {
  expect(otherTokens).toEqual({
    command: resource(command.local.Command),
    randomPassword: resource(random.RandomPassword),
    stack: rootPulumiStackTypeName,
  });
});
