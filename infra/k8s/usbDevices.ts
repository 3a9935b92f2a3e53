// USB serial devices for pods, without privilege in the app's namespace. A device plugin
// (squat/generic-device-plugin) runs on the nodes a device is passed through to and advertises it
// as the extended resource portkey.home/<device>; a pod that requests one is scheduled there and
// gets the device node through the kubelet's device-plugin API. The app's namespace keeps Talos'
// baseline Pod Security: no hostPath, no privileged container (docs/platform.md).
// see https://github.com/squat/generic-device-plugin
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { HostConfig, NodeConfig } from "../config";
import { usbNodeLabelPrefix } from "../labels";
import { genericDevicePluginVersion } from "../versions";
import { after } from "./release";

/** The extended-resource domain: pods request `portkey.home/<device>`. */
export const deviceResourceDomain = "portkey.home";

/** A USB serial device offered to pods, with its paths inside the VMs it is passed through to. */
export interface SerialDevice {
  name: string;
  /** Sorted, distinct; each may be a glob (the plugin globs paths, deviceplugin/path.go). */
  paths: string[];
}

/** Where a pod finds its device, whatever the by-id name on the node: /dev/<device>. */
export function containerPath(device: string): string {
  return `/dev/${device}`;
}

/** Devices with a `serialPath` that some node has in `hardware`, by name; sorted. */
export function serialDevices(hosts: Record<string, HostConfig>, nodes: Record<string, NodeConfig>): SerialDevice[] {
  const paths = new Map<string, Set<string>>();
  for (const node of Object.values(nodes)) {
    for (const device of node.hardware) {
      const path = hosts[node.host]?.usb[device]?.serialPath;
      if (path) paths.set(device, (paths.get(device) ?? new Set()).add(path));
    }
  }
  return [...paths.keys()].sort().map((name) => ({ name, paths: [...paths.get(name)!].sort() }));
}

/**
 * One `--device` per device: a group per path (a path missing on a node yields no device there),
 * each mounted at /dev/<device>. The flag takes JSON or YAML (config.go, getConfiguredDevices).
 */
export function devicePluginArgs(devices: SerialDevice[]): string[] {
  const flags = devices.flatMap((d) => [
    "--device",
    JSON.stringify({
      name: d.name,
      groups: d.paths.map((path) => ({ paths: [{ path, mountPath: containerPath(d.name) }] })),
    }),
  ]);
  return [`--domain=${deviceResourceDomain}`, ...flags];
}

/** Nodes that have any of the devices: Talos labels them from `hardware` (infra/labels.ts). */
function onDeviceNodes(devices: SerialDevice[]) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: devices.map((d) => ({
          matchExpressions: [{ key: `${usbNodeLabelPrefix}${d.name}`, operator: "In", values: ["true"] }],
        })),
      },
    },
  };
}

/**
 * The plugin as its upstream manifest runs it (manifests/generic-device-plugin.yaml): privileged,
 * with the host's /dev and the kubelet's plugin directory. kube-system is exempt from Talos'
 * Pod Security defaults, as for the other node plugins here.
 */
export function devicePluginDaemonSet(devices: SerialDevice[]) {
  const labels = { "app.kubernetes.io/name": "generic-device-plugin" };
  const hostPath = (name: string, path: string) => ({ name, hostPath: { path } });
  return {
    metadata: { name: "generic-device-plugin", namespace: "kube-system", labels },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels },
        spec: {
          priorityClassName: "system-node-critical",
          affinity: onDeviceNodes(devices),
          tolerations: [
            { operator: "Exists", effect: "NoExecute" },
            { operator: "Exists", effect: "NoSchedule" },
          ],
          containers: [
            {
              name: "generic-device-plugin",
              image: `ghcr.io/squat/generic-device-plugin:${genericDevicePluginVersion}`,
              args: devicePluginArgs(devices),
              ports: [{ name: "http", containerPort: 8080 }],
              resources: { requests: { cpu: "50m", memory: "10Mi" }, limits: { cpu: "50m", memory: "20Mi" } },
              securityContext: { privileged: true },
              volumeMounts: [
                { name: "device-plugin", mountPath: "/var/lib/kubelet/device-plugins" },
                { name: "dev", mountPath: "/dev" },
              ],
            },
          ],
          volumes: [hostPath("device-plugin", "/var/lib/kubelet/device-plugins"), hostPath("dev", "/dev")],
        },
      },
    },
  };
}

export interface UsbDevicePluginArgs {
  /** USB serial devices passed through to nodes, offered to pods as `portkey.home/<name>`. */
  devices: SerialDevice[];
  /** The CNI's release: the plugin's pods wait for it. */
  cni: pulumi.Resource;
}

/** Nothing to run when no passed-through device has a `serialPath`. */
export function installUsbDevicePlugin(
  name: string,
  args: UsbDevicePluginArgs,
  opts: pulumi.CustomResourceOptions,
): void {
  if (args.devices.length === 0) return;
  new k8s.apps.v1.DaemonSet(
    `${name}-generic-device-plugin`,
    devicePluginDaemonSet(args.devices),
    after(opts, args.cni),
  );
}
