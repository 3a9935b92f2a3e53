// The platform's plan under the mock harness: each chart once at its pin, every Kubernetes resource
// on the explicit provider, one default StorageClass, the dependency graph, and the first preview
// of an empty site (kubeconfig unknown).
import type { Plan, PlanResource } from "../../planner/plan";
import * as versions from "../../infra/versions";
import { dependencyNames, kubernetesResources } from "./helpers";
import { byName, kubeconfigUnknownPlan, ofType, prodPlan } from "../plans";
import { k8sTokens } from "../../infra/tokens";

const Release = k8sTokens.release;
const StorageClass = k8sTokens.storageClass;

let plan: Plan;
let unknownPlan: Plan;
beforeAll(async () => {
  plan = prodPlan();
  unknownPlan = kubeconfigUnknownPlan();
});

/** The platform's provider; the other Kubernetes provider adopts the apps' namespaces only. */
const provider = (p: Plan) => p.resources.filter((r) => r.type === k8sTokens.provider && r.name === "portkey");

test("installs each chart exactly once, at its pin in infra/versions.ts", () => {
  const releases = plan.resources
    .filter((r) => r.type === Release)
    .map((r) => [r.inputs.chart, r.inputs.version, r.inputs.name]);
  expect(releases.sort()).toEqual([
    ["argo-cd", versions.argoCdChartVersion, "argocd"],
    ["ceph-csi-cephfs", versions.cephCsiCephfsChartVersion, "ceph-csi-cephfs"],
    ["ceph-csi-rbd", versions.cephCsiRbdChartVersion, "ceph-csi-rbd"],
    ["cert-manager", versions.certManagerChartVersion, "cert-manager"],
    ["cilium", versions.ciliumChartVersion, "cilium"],
    ["csi-driver-nfs", versions.csiDriverNfsChartVersion, "csi-driver-nfs"],
    ["intel-device-plugins-operator", versions.intelDevicePluginsOperatorChartVersion, "intel-device-plugins-operator"],
    ["snapshot-controller", versions.snapshotControllerChartVersion, "snapshot-controller"],
    ["volsync", versions.volsyncChartVersion, "volsync"],
  ]);
});

test("every Kubernetes resource but the apps' namespaces uses the one explicit provider, built from the kubeconfig", () => {
  expect(provider(plan)).toHaveLength(1);
  expect(provider(plan)[0].inputs.kubeconfig).toBe("[secret]");
  const urn = provider(plan)[0].urn;
  const resources = kubernetesResources(plan);
  // 8 releases, 5 namespaces, 2 Secrets, 4 StorageClasses, 2 PersistentVolumes, 6 custom resources,
  // the Intel CRD Job with its ServiceAccount, ClusterRole and binding, the USB device plugin.
  expect(resources).toHaveLength(32);
  expect(resources.filter((r) => !r.provider?.startsWith(`${urn}::`)).map((r) => r.name)).toEqual([]);
});

test("every Helm release, VolSync's too, may take platform.helmTimeout (default 20m, never below 10m)", () => {
  const releases = ofType(plan, Release);
  expect(releases).toHaveLength(9);
  expect(releases.filter((r) => r.inputs.timeout !== 1200).map((r) => r.name)).toEqual([]);
});

test("ceph-block is the only default StorageClass", () => {
  const defaults = plan.resources
    .filter((r) => r.type === StorageClass)
    .filter(
      (r) =>
        (r.inputs.metadata as { annotations?: Record<string, string> }).annotations?.[
          "storageclass.kubernetes.io/is-default-class"
        ] === "true",
    );
  expect(defaults.map((r) => (r.inputs.metadata as { name: string }).name)).toEqual(["ceph-block"]);
});

test("the load-balancer pool hands out .224 to .254, never the subnet's broadcast .255; a root Application tracks the Git repo", () => {
  expect(byName(plan, k8sTokens.loadBalancerPool, "portkey-lb-pool").inputs.spec).toEqual({
    blocks: [{ start: "192.168.0.224", stop: "192.168.0.254" }],
  });
  const root = byName(plan, k8sTokens.application, "portkey-root-app");
  expect(root.inputs.metadata).toEqual({ name: "root", namespace: "argocd" });
  expect((root.inputs.spec as { source: unknown }).source).toEqual({
    repoURL: "https://github.com/portkey-home/portkey-apps.git",
    path: "apps",
    targetRevision: "main",
    directory: { recurse: true },
  });
});

test("each Ceph driver has exactly one default VolumeSnapshotClass: the default is chosen per driver", () => {
  const defaults = plan.resources
    .filter((r) => r.type === k8sTokens.volumeSnapshotClass)
    .filter(
      (r) =>
        (r.inputs.metadata as { annotations?: Record<string, string> }).annotations?.[
          "snapshot.storage.kubernetes.io/is-default-class"
        ] === "true",
    )
    .map((r) => [r.inputs.driver, (r.inputs.metadata as { name: string }).name]);
  expect(defaults.sort()).toEqual([
    ["cephfs.csi.ceph.com", "ceph-filesystem-snapshot"],
    ["rbd.csi.ceph.com", "ceph-block-snapshot"],
  ]);
});

test("the Intel CRD Job fetches the pinned release's GpuDevicePlugin CRD with an image that has CA roots, and applies it with kubectl of the cluster's version", () => {
  const job = byName(plan, k8sTokens.job, "portkey-intel-gpu-crd");
  const pod = (job.inputs.spec as any).template.spec;
  const [fetch] = pod.initContainers;
  expect(fetch.image).toBe(`quay.io/backube/volsync:${versions.volsyncImageVersion}`);
  expect(fetch.command.slice(0, 2)).toEqual(["python3", "-c"]);
  expect(fetch.command[2]).toContain(
    `"https://raw.githubusercontent.com/intel/intel-device-plugins-for-kubernetes/v${versions.intelDevicePluginsOperatorChartVersion}/deployments/operator/crd/bases/deviceplugin.intel.com_gpudeviceplugins.yaml"`,
  );
  const [container] = pod.containers;
  expect([container.image, container.command, container.args]).toEqual([
    `registry.k8s.io/kubectl:${versions.kubernetesVersion}`,
    ["/bin/kubectl"],
    [
      "apply",
      "--server-side",
      "--force-conflicts",
      "--field-manager=portkey-intel-crd",
      "--filename",
      "/crd/gpudeviceplugins.yaml",
    ],
  ]);
  // Nothing but the init container reaches outside the cluster; a failed Job is replaced at the next up.
  expect(container.args.some((a: string) => a.startsWith("http"))).toBe(false);
  expect((job.inputs.metadata as any).annotations["pulumi.com/replaceUnready"]).toBe("true");
  // Its template is immutable and its name fixed: a version bump replaces it, deleting first.
  expect(job.options).toMatchObject({ deleteBeforeReplace: true, protect: false });
  expect(byName(plan, k8sTokens.clusterRole, "portkey-intel-gpu-crd").inputs.rules).toEqual([
    {
      apiGroups: ["apiextensions.k8s.io"],
      resources: ["customresourcedefinitions"],
      resourceNames: ["gpudeviceplugins.deviceplugin.intel.com"],
      verbs: ["get", "patch"],
    },
    { apiGroups: ["apiextensions.k8s.io"], resources: ["customresourcedefinitions"], verbs: ["create"] },
  ]);
});

describe("dependency graph", () => {
  const deps = (type: string, name: string) => dependencyNames(plan, byName(plan, type, name));

  test("Cilium depends on nothing but its provider, which carries the kubeconfig", () => {
    const cilium = byName(plan, Release, "portkey-cilium");
    expect(cilium.dependencies).toEqual([]);
    expect(cilium.provider?.startsWith(`${provider(plan)[0].urn}::`)).toBe(true);
  });

  test.each([
    ["portkey-ceph-csi-rbd", ["Namespace/portkey-ceph-csi-rbd", "Release/portkey-cilium"]],
    ["portkey-ceph-csi-cephfs", ["Namespace/portkey-ceph-csi-cephfs", "Release/portkey-cilium"]],
    ["portkey-snapshot-controller", ["Release/portkey-cilium"]],
    ["portkey-csi-driver-nfs", ["Release/portkey-cilium"]],
    ["portkey-cert-manager", ["Namespace/portkey-cert-manager", "Release/portkey-cilium"]],
    [
      "portkey-intel-device-plugins-operator",
      [
        "Job/portkey-intel-gpu-crd",
        "Namespace/portkey-intel-device-plugins",
        "Release/portkey-cert-manager",
        "Release/portkey-cilium",
      ],
    ],
    [
      "portkey-argocd",
      [
        "CiliumLoadBalancerIPPool/portkey-lb-pool",
        "Namespace/portkey-argocd",
        "RandomPassword/portkey-argocd-admin",
        "Release/portkey-cilium",
      ],
    ],
  ])("release %s waits for Cilium and exactly what it consumes", (name, expected) => {
    expect(deps(Release, name)).toEqual(expected);
  });

  test.each([
    [k8sTokens.loadBalancerPool, "portkey-lb-pool", ["Release/portkey-cilium"]],
    ["kubernetes:cilium.io/v2alpha1:CiliumL2AnnouncementPolicy", "portkey-l2-policy", ["Release/portkey-cilium"]],
    [
      k8sTokens.volumeSnapshotClass,
      "portkey-ceph-block-snapshot",
      ["Release/portkey-ceph-csi-rbd", "Release/portkey-snapshot-controller", "Secret/portkey-ceph-csi-rbd"],
    ],
    [
      k8sTokens.volumeSnapshotClass,
      "portkey-ceph-filesystem-snapshot",
      ["Release/portkey-ceph-csi-cephfs", "Release/portkey-snapshot-controller", "Secret/portkey-ceph-csi-cephfs"],
    ],
    [k8sTokens.gpuDevicePlugin, "portkey-gpu-device-plugin", ["Release/portkey-intel-device-plugins-operator"]],
    [k8sTokens.application, "portkey-root-app", ["Release/portkey-argocd"]],
    [
      k8sTokens.job,
      "portkey-intel-gpu-crd",
      [
        "ClusterRoleBinding/portkey-intel-gpu-crd",
        "Namespace/portkey-intel-device-plugins",
        "Release/portkey-cilium",
        "ServiceAccount/portkey-intel-gpu-crd",
      ],
    ],
    [k8sTokens.daemonSet, "portkey-generic-device-plugin", ["Release/portkey-cilium"]],
  ])("%s %s waits only for what it consumes (its CRD, driver, CNI or credentials)", (type, name, expected) => {
    expect(deps(type, name)).toEqual(expected);
  });

  test("nothing but the root Application waits for Argo CD", () => {
    const argocd = byName(plan, Release, "portkey-argocd").urn;
    expect(plan.resources.filter((r) => r.dependencies.includes(argocd)).map((r) => r.name)).toEqual([
      "portkey-root-app",
    ]);
  });
});

describe("first preview of an empty site: the kubeconfig is unknown", () => {
  const shape = (p: Plan) =>
    kubernetesResources(p)
      .map((r: PlanResource) => `${r.type}::${r.name}`)
      .sort();

  test("the provider's kubeconfig is unknown in this plan (the variant is real)", () => {
    expect(provider(unknownPlan).map((r) => r.inputs.kubeconfig)).toEqual(["[unknown]"]);
    const adopting = unknownPlan.resources.find((r) => r.type === k8sTokens.provider && r.name === "portkey-adopting")!;
    expect(adopting.inputs.kubeconfig).toBe("[unknown]");
  });

  test("every Kubernetes resource still registers: same count and names as with a known kubeconfig", () => {
    expect(unknownPlan.resources).toHaveLength(plan.resources.length);
    expect(shape(unknownPlan)).toEqual(shape(plan));
  });

  test("every Kubernetes resource still names the explicit provider", () => {
    const urn = provider(unknownPlan)[0].urn;
    expect(
      kubernetesResources(unknownPlan)
        .filter((r) => !r.provider?.startsWith(`${urn}::`))
        .map((r) => r.name),
    ).toEqual([]);
  });
});

test("the stack exports the documented outputs, credentials only as secrets", () => {
  expect(Object.keys(plan.outputs).sort()).toEqual([
    "argocdAdminPassword",
    "clusterName",
    "kubeconfig",
    "restoreSources",
    "talosconfig",
    "vms",
  ]);
  expect([plan.outputs.argocdAdminPassword, plan.outputs.kubeconfig, plan.outputs.talosconfig]).toEqual(
    Array(3).fill("[secret]"),
  );
});
