// Shared shape of every add-on install: a Helm Release (not a client-side rendered Chart) in its
// own namespace, on the explicit provider.
//
// Why `k8s.helm.v3.Release` for every chart, weighed against the known preview failures:
// - The first `pulumi up` on an empty site previews while the Talos kubeconfig is still unknown.
//   `helm.v4.Chart` renders client-side and needs the chart and a parseable kubeconfig at preview
//   time; it fails there (https://github.com/pulumi/pulumi-kubernetes/issues/3027, open), and as a
//   remote component the mocks cannot render it either.
// - A Release previews without reaching the cluster since
//   https://github.com/pulumi/pulumi-kubernetes/pull/1886 (fixing
//   https://github.com/pulumi/pulumi-kubernetes/issues/1794); its values show in the preview diff
//   as one resource, and Helm installs server-side with `--wait`, which is the readiness gate the
//   ordering below relies on (Cilium ready before anything schedules).
// - The remaining Release failure (https://github.com/pulumi/pulumi-kubernetes/issues/2236) is a
//   reachable cluster that rejects stale credentials; the kubeconfig comes fresh from the Talos
//   layer on every run, so that needs a broken cluster CA, not a normal rebuild.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A chart pinned in infra/versions.ts. */
export interface ChartRef {
  chart: string;
  repo: string;
  version: string;
}

/** Namespace labels letting node plugins (privileged, hostNetwork, hostPath) past Talos' baseline PSA. */
export const privilegedPodSecurity = {
  "pod-security.kubernetes.io/enforce": "privileged",
  "pod-security.kubernetes.io/audit": "privileged",
  "pod-security.kubernetes.io/warn": "privileged",
} as const;

export interface NamespaceArgs {
  /** The namespace's fixed name. */
  namespace: string;
  /** Label it privileged, for namespaces that run node plugins; baseline when absent. */
  privileged?: boolean;
}

/** A namespace with a fixed name. */
export function namespace(
  name: string,
  args: NamespaceArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    name,
    { metadata: { name: args.namespace, labels: args.privileged ? { ...privilegedPodSecurity } : {} } },
    opts,
  );
}

/**
 * Helm revisions kept per release. pulumi-kubernetes passes 0 (unlimited) unless `maxHistory` is
 * set (provider/pkg/provider/helm_release.go, helmUpdate), so every upgrade would leave one more
 * release Secret behind; 10 is the Helm CLI's own default and leaves room to `helm rollback`.
 */
export const helmHistory = 10;

export interface ReleaseArgs {
  /** The chart, pinned in infra/versions.ts. */
  chart: ChartRef;
  /** Helm's name for the release; the chart's name when absent. */
  releaseName?: string;
  /** The namespace Helm installs into. */
  namespace: pulumi.Input<string>;
  /** The chart's values. */
  values: pulumi.Inputs;
  /** How long Helm may take to install or upgrade it, in seconds (`platform.helmTimeout`). */
  timeoutSeconds: number;
}

/**
 * One Helm release, named like its chart so Helm state reads plainly (`helm list -A`). A failed
 * upgrade deletes the objects it created (`cleanupOnFail`, Helm's --cleanup-on-fail), so a retry
 * starts from the last good revision; Pulumi still reports the failure. Not `atomic`: it would
 * also uninstall a first install that is merely slow (Cilium pulling images on a cold build).
 */
export function release(name: string, args: ReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    name,
    {
      name: args.releaseName ?? args.chart.chart,
      chart: args.chart.chart,
      version: args.chart.version,
      repositoryOpts: { repo: args.chart.repo },
      namespace: args.namespace,
      values: args.values,
      maxHistory: helmHistory,
      cleanupOnFail: true,
      // Explicit: pulumi-kubernetes' default is 300 s (provider/pkg/provider/helm_release.go),
      // too short for a first install whose nodes pull every image over a home uplink.
      timeout: args.timeoutSeconds,
    },
    opts,
  );
}

/** `opts` plus explicit dependencies: the add-ons whose readiness or CRDs a resource needs. */
export function after(
  opts: pulumi.CustomResourceOptions,
  ...resources: pulumi.Resource[]
): pulumi.CustomResourceOptions {
  const existing =
    opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
  return { ...opts, dependsOn: [...(existing as pulumi.Input<pulumi.Resource>[]), ...resources] };
}
