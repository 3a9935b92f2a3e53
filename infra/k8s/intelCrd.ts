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
//
// registry.k8s.io/kubectl has no CA roots (kubernetes build/server-image/kubectl/Dockerfile builds
// on debian-base and installs none), so it cannot fetch an https URL. The file is fetched by an
// init container from VolSync's image, which the cluster already pulls for its movers: ubi9-minimal
// with the CA roots its own microdnf fetches over https, and python3 (VolSync Dockerfile at v0.16.0,
// lines 115-125). kubectl then applies the local copy. A failed Job is replaced at the next `up`.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { intelDevicePluginsOperatorChartVersion, kubernetesVersion, volsyncImageVersion } from "../versions";
import { jobAwait } from "./jobs";
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

/** Where the init container leaves the CRD for kubectl (an emptyDir). */
const crdFile = "/crd/gpudeviceplugins.yaml";

/**
 * python3 fetches the URL over verified TLS (urllib's default context: the image's CA roots and
 * host name checks); a non-2xx answer or a refused certificate fails the container, and the Job
 * retries it (backoffLimit).
 */
export function fetchScript(url: string, file: string): string {
  return `import shutil, urllib.request\nwith urllib.request.urlopen(${JSON.stringify(url)}, timeout=60) as r, open(${JSON.stringify(file)}, "wb") as f:\n    shutil.copyfileobj(r, f)\n`;
}

const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };

/** kubectl matching the cluster's Kubernetes version, as the kubectl skew policy asks. */
export function gpuCrdJob(namespace: pulumi.Input<string>, serviceAccount: pulumi.Input<string>) {
  return {
    // Up to 10 minutes: the backoff below, on a cold node that pulls both images first.
    metadata: { name: "intel-gpu-crd", namespace, annotations: jobAwait(600) },
    spec: {
      backoffLimit: 4,
      template: {
        spec: {
          serviceAccountName: serviceAccount,
          restartPolicy: "Never",
          securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
          volumes: [{ name: "crd", emptyDir: {} }],
          initContainers: [
            {
              name: "fetch",
              image: `quay.io/backube/volsync:${volsyncImageVersion}`,
              command: ["python3", "-c", fetchScript(gpuCrdUrl(intelDevicePluginsOperatorChartVersion), crdFile)],
              volumeMounts: [{ name: "crd", mountPath: "/crd" }],
              securityContext: restricted,
            },
          ],
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
                crdFile,
              ],
              // kubectl keeps its discovery cache under $HOME.
              env: [{ name: "HOME", value: "/tmp" }],
              volumeMounts: [{ name: "crd", mountPath: "/crd", readOnly: true }],
              securityContext: restricted,
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
