// Cilium, the CNI: first add-on, because nodes stay NotReady and nothing schedules until it runs.
//
// Why 1.19: Talos v1.12 runs Kubernetes 1.35, and the Cilium 1.18 docs list e2e tests on
// Kubernetes 1.30-1.33 only (1.35 would rely on forward compatibility;
// https://docs.cilium.io/en/v1.18/network/kubernetes/compatibility/). 1.19 is the next, newer
// line, with six patch releases; 1.20 is newest, with a reported
// L2-announcement regression (https://github.com/cilium/cilium/issues/48799).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterConfig, PlatformConfig } from "../config";
import { parseCidr } from "../config/net";
import { ciliumChartVersion } from "../versions";
import { after, ChartRef, release } from "./release";

export const ciliumChart: ChartRef = { chart: "cilium", repo: "https://helm.cilium.io/", version: ciliumChartVersion };

/** KubePrism: Talos' in-node API load balancer, on by default (see Talos `DefaultKubePrismPort`). */
export const kubePrism = { host: "localhost", port: 7445 } as const;

// Talos forbids loading kernel modules, so SYS_MODULE (a chart default) must be absent or the agent
// init fails with "unable to apply caps"; see https://www.talos.dev/v1.12/kubernetes-guides/network/deploying-cilium/
const agentCapabilities = [
  "CHOWN",
  "KILL",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "SYS_ADMIN",
  "SYS_RESOURCE",
  "DAC_OVERRIDE",
  "FOWNER",
  "SETGID",
  "SETUID",
];
const cleanStateCapabilities = ["NET_ADMIN", "SYS_ADMIN", "SYS_RESOURCE"];

/** Helm values of the Cilium chart for Talos without kube-proxy, with L2 load-balancer IPs. */
export function ciliumValues(platform: PlatformConfig) {
  return {
    // Talos hands out node pod CIDRs (cluster.podCidr); Cilium must use them, not its own pool.
    ipam: { mode: "kubernetes" },
    kubeProxyReplacement: true,
    k8sServiceHost: kubePrism.host,
    k8sServicePort: kubePrism.port,
    securityContext: { capabilities: { ciliumAgent: agentCapabilities, cleanCiliumState: cleanStateCapabilities } },
    // Talos mounts cgroup v2 itself.
    cgroup: { autoMount: { enabled: false }, hostRoot: "/sys/fs/cgroup" },
    l2announcements: { enabled: true },
    // Each announced Service holds a lease renewed through the API; the agent's default client rate
    // limit starves with a handful of them (https://github.com/cilium/cilium/issues/30841).
    k8sClientRateLimit: { qps: 20, burst: 40 },
    hubble: {
      enabled: true,
      relay: { enabled: platform.hubble, rollOutPods: true },
      ui: { enabled: platform.hubble, rollOutPods: true },
    },
    // Values land in the cilium-config ConfigMap, which running pods read only at start. Each
    // rollOut* flag (default false) puts the config's checksum on the pod template, so a values
    // change restarts the agents, operator, Envoy, relay and UI with it (chart values.yaml).
    rollOutCiliumPods: true,
    operator: { rollOutPods: true },
    envoy: { rollOutPods: true },
  };
}

/**
 * The pool's block: a CIDR stays a CIDR; a range is start/stop. Config rules keep both inside the
 * node subnet and clear of its network and broadcast addresses (infra/config/rules/network.ts).
 */
export function poolBlock(pool: string): { cidr: string } | { start: string; stop: string } {
  if (parseCidr(pool)) return { cidr: pool };
  const [start, stop] = pool.split("-");
  return { start, stop };
}

/** The load-balancer IP pool: `cilium.io/v2` (v2alpha1 is deprecated since 1.18; `spec.cidrs` is gone). */
export function loadBalancerPool(cluster: ClusterConfig) {
  return {
    apiVersion: "cilium.io/v2",
    kind: "CiliumLoadBalancerIPPool",
    metadata: { name: "default-pool" },
    spec: { blocks: [poolBlock(cluster.loadBalancerPool)] },
  };
}

/** Announce load-balancer IPs over ARP from every node; both booleans default to false upstream. */
export function l2AnnouncementPolicy() {
  return {
    apiVersion: "cilium.io/v2alpha1",
    kind: "CiliumL2AnnouncementPolicy",
    metadata: { name: "default-l2" },
    spec: { loadBalancerIPs: true, externalIPs: false },
  };
}

export interface Cilium {
  release: k8s.helm.v3.Release;
  pool: k8s.apiextensions.CustomResource;
}

export interface CiliumArgs {
  /** The cluster's load-balancer pool (`cluster.loadBalancerPool`). */
  cluster: ClusterConfig;
  /** Whether Hubble's relay and UI run (`platform.hubble`). */
  platform: PlatformConfig;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
}

export function installCilium(name: string, args: CiliumArgs, opts: pulumi.CustomResourceOptions): Cilium {
  // kube-system is PSA-exempt on Talos and exists before any add-on: no namespace to create.
  const chart = release(
    `${name}-cilium`,
    {
      chart: ciliumChart,
      namespace: "kube-system",
      values: ciliumValues(args.platform),
      timeoutSeconds: args.helmTimeout,
    },
    opts,
  );
  // The CRDs are registered by the Cilium operator at start-up, so the custom resources wait for the
  // release (Helm --wait: operator running).
  const afterChart = after(opts, chart);
  const pool = new k8s.apiextensions.CustomResource(`${name}-lb-pool`, loadBalancerPool(args.cluster), afterChart);
  new k8s.apiextensions.CustomResource(`${name}-l2-policy`, l2AnnouncementPolicy(), afterChart);
  return { release: chart, pool };
}
