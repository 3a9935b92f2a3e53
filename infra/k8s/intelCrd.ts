// The GpuDevicePlugin CRD, applied from the Intel release the operator chart is pinned to.
//
// The operator chart ships its CRDs in crds/, which Helm installs on first install and never
// upgrades (https://helm.sh/docs/chart_best_practices/custom_resource_definitions/), so a chart bump
// would run a new operator against the first install's CRD. A Pulumi CustomResourceDefinition would
// need the CRD's text in this repo, and a yaml/v2 ConfigFile is rendered by the provider, which
// refuses while the kubeconfig is unknown (pulumi-kubernetes provider_construct.go), i.e. on the
// first preview of an empty site. So a Job applies the file of the pinned release with server-side
// apply; its spec names the version, so a bump replaces the Job and re-applies before the operator
// upgrades. --force-conflicts takes the fields over from Helm on a cluster built before this.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { intelDevicePluginsOperatorChartVersion, kubernetesVersion } from "../versions";
import { after } from "./release";

export const gpuCrdName = "gpudeviceplugins.deviceplugin.intel.com";

/** The CRD of a release of intel-device-plugins-for-kubernetes (chart and project share versions). */
export function gpuCrdUrl(version: string): string {
  return `https://raw.githubusercontent.com/intel/intel-device-plugins-for-kubernetes/v${version}/deployments/operator/crd/bases/deviceplugin.intel.com_gpudeviceplugins.yaml`;
}

const crds = { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"] };

/**
 * Read and patch this one CRD. `create` cannot be limited to a name (RBAC docs, "Referring to
 * resources"), and applying a CRD that does not exist yet creates it.
 */
export function gpuCrdRules() {
  return [
    { ...crds, resourceNames: [gpuCrdName], verbs: ["get", "patch"] },
    { ...crds, verbs: ["create"] },
  ];
}

/** kubectl matching the cluster's Kubernetes version, as the kubectl skew policy asks. */
export function gpuCrdJob(namespace: pulumi.Input<string>, serviceAccount: pulumi.Input<string>) {
  return {
    metadata: { name: "intel-gpu-crd", namespace },
    spec: {
      backoffLimit: 3,
      template: {
        spec: {
          serviceAccountName: serviceAccount,
          restartPolicy: "Never",
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "apply",
              image: `registry.k8s.io/kubectl:${kubernetesVersion}`,
              command: ["/bin/kubectl"],
              args: [
                "apply",
                "--server-side",
                "--force-conflicts",
                "--field-manager=portkey-intel-crd",
                "--filename",
                gpuCrdUrl(intelDevicePluginsOperatorChartVersion),
              ],
              // kubectl keeps its discovery cache under $HOME.
              env: [{ name: "HOME", value: "/tmp" }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  };
}

export interface GpuCrdArgs {
  /** The operator's namespace, where the Job and its ServiceAccount run. */
  namespace: pulumi.Input<string>;
  /** The CNI's release: the Job's pod waits for it. */
  cni: pulumi.Resource;
}

/** The Job, once it has completed (Pulumi waits for a Job to succeed). */
export function installGpuCrd(name: string, args: GpuCrdArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
  const { namespace } = args;
  const account = new k8s.core.v1.ServiceAccount(
    `${name}-intel-gpu-crd`,
    { metadata: { name: "intel-gpu-crd", namespace } },
    opts,
  );
  const role = new k8s.rbac.v1.ClusterRole(
    `${name}-intel-gpu-crd`,
    { metadata: { name: "portkey-intel-gpu-crd" }, rules: gpuCrdRules() },
    opts,
  );
  const binding = new k8s.rbac.v1.ClusterRoleBinding(
    `${name}-intel-gpu-crd`,
    {
      metadata: { name: "portkey-intel-gpu-crd" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
      subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: account.metadata.namespace }],
    },
    opts,
  );
  // A Job's template is immutable: any change replaces it, and its fixed name must go first.
  return new k8s.batch.v1.Job(`${name}-intel-gpu-crd`, gpuCrdJob(namespace, account.metadata.name), {
    ...after(opts, args.cni, binding),
    deleteBeforeReplace: true,
  });
}
