// The platform layer alone, wired as index.ts wires it, for tests that control the kubeconfig: a
// k8s.Provider built from a kubeconfig Output (known, or unknown as on the first preview of an
// empty site) and the Platform built from the prod inventory.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../../infra/config";
import { Platform } from "../../infra/k8s/platform";
import { serialDevices } from "../../infra/k8s/usbDevices";

/** A syntactically valid kubeconfig for a cluster that does not exist (the VIP of the inventory). */
export const fakeKubeconfig = [
  "apiVersion: v1",
  "kind: Config",
  "clusters: [{name: portkey, cluster: {server: 'https://192.168.0.100:6443', certificate-authority-data: Zm9v}}]",
  "users: [{name: admin, user: {client-certificate-data: Zm9v, client-key-data: Zm9v}}]",
  "contexts: [{name: admin@portkey, context: {cluster: portkey, user: admin}}]",
  "current-context: admin@portkey",
].join("\n");

export function platformProgram(kubeconfig: pulumi.Output<string>) {
  const config = loadConfig();
  const provider = new k8s.Provider("portkey", { kubeconfig });
  const platform = new Platform("portkey", {
    provider,
    cluster: config.cluster,
    storage: config.storage,
    platform: config.platform,
    gitops: config.gitops,
    serialDevices: serialDevices(config.proxmox.hosts, config.nodes),
    cephUserKey: config.secrets.cephUserKey,
    protect: config.protect,
  });
  return {
    blockStorageClass: platform.blockStorageClass,
    retainStorageClass: platform.retainStorageClass,
    blockSnapshotClass: platform.blockSnapshotClass,
    argocdAdminPassword: platform.argocdAdminPassword,
  };
}
