// Intel GPU device plugin, so Jellyfin can request `gpu.intel.com/i915` on the iGPU node.
//
// The operator's chart creates cert-manager Issuers and Certificates for its webhooks, so
// cert-manager is installed (no chart setting avoids it). Node Feature Discovery is avoided: the
// GpuDevicePlugin below is ours (not the GPU chart's, whose default `nodeFeatureRule: true` would
// render NFD objects whose CRDs do not exist), and it selects the label Talos puts on the nodes
// that have the passed-through iGPU (infra/labels.ts).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gpuNodeLabel } from "../labels";
import { certManagerChartVersion, intelDevicePluginsOperatorChartVersion } from "../versions";
import { installGpuCrd } from "./intelCrd";
import { after, ChartRef, namespace, release } from "./release";

export const certManagerChart: ChartRef = {
  chart: "cert-manager",
  repo: "https://charts.jetstack.io",
  version: certManagerChartVersion,
};

export const intelOperatorChart: ChartRef = {
  chart: "intel-device-plugins-operator",
  repo: "https://intel.github.io/helm-charts/",
  version: intelDevicePluginsOperatorChartVersion,
};

/** cert-manager with its CRDs managed by the chart (`crds.enabled`, the successor of installCRDs). */
export function certManagerValues() {
  return { crds: { enabled: true } };
}

/** Only the GPU controller; the operator creates plugin DaemonSets in its own namespace. */
export function intelOperatorValues() {
  return { manager: { devices: { gpu: true } } };
}

/** The GpuDevicePlugin (cluster-scoped). Two pods may share the iGPU: Jellyfin and one more transcoder. */
export function gpuDevicePlugin() {
  return {
    apiVersion: "deviceplugin.intel.com/v1",
    kind: "GpuDevicePlugin",
    metadata: { name: "gpu" },
    spec: {
      image: `intel/intel-gpu-plugin:${intelDevicePluginsOperatorChartVersion}`,
      sharedDevNum: 2,
      logLevel: 2,
      enableMonitoring: true,
      preferredAllocationPolicy: "none",
      nodeSelector: { [gpuNodeLabel]: "true" },
    },
  };
}

export interface IntelGpuArgs {
  /** The CNI's release: the charts' pods wait for it. */
  cni: pulumi.Resource;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
}

export function installIntelGpu(name: string, args: IntelGpuArgs, opts: pulumi.CustomResourceOptions): void {
  const afterCni = after(opts, args.cni);
  const certNs = namespace(`${name}-cert-manager`, { namespace: "cert-manager" }, opts);
  const certManager = release(
    `${name}-cert-manager`,
    {
      chart: certManagerChart,
      namespace: certNs.metadata.name,
      values: certManagerValues(),
      timeoutSeconds: args.helmTimeout,
    },
    afterCni,
  );
  // The plugin DaemonSet mounts /dev/dri and other hostPaths, which baseline PSA forbids.
  const ns = namespace(
    `${name}-intel-device-plugins`,
    { namespace: "inteldeviceplugins-system", privileged: true },
    opts,
  );
  const crd = installGpuCrd(name, { namespace: ns.metadata.name, cni: args.cni }, opts);
  // The operator's webhook Certificate needs cert-manager's CRDs and a running webhook; the
  // operator itself runs against the CRD of its own version.
  const operator = release(
    `${name}-intel-device-plugins-operator`,
    {
      chart: intelOperatorChart,
      namespace: ns.metadata.name,
      values: intelOperatorValues(),
      timeoutSeconds: args.helmTimeout,
    },
    after(afterCni, certManager, crd),
  );
  new k8s.apiextensions.CustomResource(`${name}-gpu-device-plugin`, gpuDevicePlugin(), after(opts, operator));
}
