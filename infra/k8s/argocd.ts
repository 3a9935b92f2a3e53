// Argo CD, and the root Application that brings every other app back from Git on a rebuild.
//
// Ownership boundary: this stack owns every add-on in infra/k8s (Cilium, Ceph CSI, snapshots, NFS,
// cert-manager, Intel GPU, Argo CD itself) and the root Application. The Git tree must not contain
// them, or Argo CD (selfHeal, prune) and Pulumi would fight over the same objects with field-manager
// conflicts (https://github.com/code-dot-org/code-dot-org/pull/71926); see docs/platform.md,
// "The Git-tree boundary".
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { GitopsConfig, PlatformConfig } from "../config";
import { argoCdChartVersion } from "../versions";
import { after, ChartRef, namespace, release } from "./release";

export const argoCdChart: ChartRef = {
  chart: "argo-cd",
  repo: "https://argoproj.github.io/argo-helm",
  version: argoCdChartVersion,
};

export const argocdNamespace = "argocd";
/** When the admin password counts as set; move it only to end every session on purpose. */
export const argocdPasswordMtime = "2026-01-01T00:00:00Z";

/**
 * Non-HA Argo CD (the chart default; HA redis needs three schedulable nodes to spare) with the
 * admin password given as a bcrypt hash, and the UI/API on a fixed Cilium load-balancer IP.
 */
export function argocdValues(platform: PlatformConfig, adminPasswordHash: pulumi.Input<string>) {
  return {
    crds: { install: true, keep: true },
    // No SSO on this site: local admin only.
    dex: { enabled: false },
    // The chart sets admin.passwordMtime to "now" on every render unless it is given
    // (argo-cd-10.1.1 templates/argocd-configs/argocd-secret.yaml), and Argo CD rejects sessions
    // issued before it: every upgrade would log everyone out. A fixed instant keeps them.
    configs: {
      secret: { argocdServerAdminPassword: adminPasswordHash, argocdServerAdminPasswordMtime: argocdPasswordMtime },
    },
    server: {
      service: {
        type: "LoadBalancer",
        annotations: { "lbipam.cilium.io/ips": platform.argocdIp },
      },
    },
  };
}

/** The app of apps: every directory below `path` in the Git repo, synced, pruned and self-healed. */
export function rootApplication(gitops: GitopsConfig) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name: "root", namespace: argocdNamespace },
    spec: {
      project: "default",
      source: {
        repoURL: gitops.repoUrl,
        path: gitops.path,
        targetRevision: gitops.revision,
        directory: { recurse: true },
      },
      destination: { server: "https://kubernetes.default.svc", namespace: argocdNamespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=true"],
      },
    },
  };
}

export interface ArgoCd {
  adminPassword: pulumi.Output<string>;
}

export interface ArgoCdArgs {
  /** The UI/API's load-balancer IP (`platform.argocdIp`). */
  platform: PlatformConfig;
  /** The Git repository the root Application syncs. */
  gitops: GitopsConfig;
  /** Cilium's load-balancer pool: the server Service takes its IP from it. */
  lbPool: pulumi.Resource;
  /** The CNI's release: the chart's pods wait for it. */
  cni: pulumi.Resource;
  /** How long each of its Helm releases may take, in seconds (`platform.helmTimeout`). */
  helmTimeout: number;
}

export function installArgoCd(name: string, args: ArgoCdArgs, opts: pulumi.CustomResourceOptions): ArgoCd {
  const password = new random.RandomPassword(
    `${name}-argocd-admin`,
    { length: 24, special: false },
    { parent: opts.parent },
  );
  const ns = namespace(`${name}-argocd`, { namespace: argocdNamespace }, opts);
  // The server Service takes its IP from the pool; Helm --wait would time out without it.
  const chart = release(
    `${name}-argocd`,
    {
      chart: argoCdChart,
      releaseName: "argocd",
      namespace: ns.metadata.name,
      values: argocdValues(args.platform, password.bcryptHash),
      timeoutSeconds: args.helmTimeout,
    },
    after(opts, args.cni, args.lbPool),
  );
  // The Application CRD comes from the chart.
  new k8s.apiextensions.CustomResource(`${name}-root-app`, rootApplication(args.gitops), after(opts, chart));
  return { adminPassword: pulumi.secret(password.result) };
}
