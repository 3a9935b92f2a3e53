// The real index.ts: the platform on the Talos layer's provider, with the Talos kubeconfig known
// and unknown (as on the first preview of an empty site).
import type { Plan } from "../../planner/plan";
import { byName, kubeconfigUnknownPlan, prodPlan } from "../plans";
import { kubernetesResources } from "./helpers";
import { k8sTokens } from "../../infra/tokens";

const plan: Plan = prodPlan();
const firstPreview: Plan = kubeconfigUnknownPlan();

test("index.ts puts every Kubernetes resource on the Talos layer's provider", () => {
  const provider = plan.resources.filter((r) => r.type === k8sTokens.provider && r.name === "portkey");
  expect(provider.map((p) => p.parent)).toEqual([expect.stringContaining("portkey:talos:TalosCluster::portkey")]);
  const platform = kubernetesResources(plan).filter((r) => r.parent?.includes("portkey:k8s:Platform"));
  expect(platform).toHaveLength(32);
  expect(platform.filter((r) => !r.provider?.startsWith(`${provider[0].urn}::`)).map((r) => r.name)).toEqual([]);
});

// The Talos layer wraps the kubeconfig in a secret, which the plan shows as "[secret]" whether known
// or not; the provider input itself shows as "[unknown]".
test("with the Talos kubeconfig unknown, all 32 platform resources still register on the provider", () => {
  const provider = firstPreview.resources.filter((r) => r.type === k8sTokens.provider);
  expect(provider.map((p) => p.inputs.kubeconfig)).toEqual(["[unknown]", "[unknown]"]);
  const platform = kubernetesResources(firstPreview).filter((r) => r.parent?.includes("portkey:k8s:Platform"));
  expect(platform.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
    kubernetesResources(plan)
      .filter((r) => r.parent?.includes("portkey:k8s:Platform"))
      .map((r) => `${r.type}::${r.name}`)
      .sort(),
  );
  expect(platform.filter((r) => !r.provider?.startsWith(`${provider[0].urn}::`)).map((r) => r.name)).toEqual([]);
});

test("the Cilium release waits for nothing but the provider that carries the Talos kubeconfig", () => {
  expect(byName(plan, k8sTokens.release, "portkey-cilium").dependencies).toEqual([]);
});

test("index.ts exports the Argo CD admin password as a secret", () => {
  expect(plan.outputs.argocdAdminPassword).toBe("[secret]");
});

test("every Helm release, VolSync's included, keeps 10 revisions and cleans up after a failed upgrade", () => {
  const releases = plan.resources.filter((r) => r.type === k8sTokens.release);
  expect(releases.map((r) => [r.inputs.name, r.inputs.maxHistory, r.inputs.cleanupOnFail]).sort()).toEqual(
    [
      "argocd",
      "ceph-csi-cephfs",
      "ceph-csi-rbd",
      "cert-manager",
      "cilium",
      "csi-driver-nfs",
      "intel-device-plugins-operator",
      "snapshot-controller",
      "volsync",
    ].map((name) => [name, 10, true]),
  );
});
