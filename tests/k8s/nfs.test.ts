// NFS keeps data: the dynamic class of the platform's plan retains a deleted claim's directory and
// names it by namespace and claim, and the driver's default keeps the directories of older volumes.
import { byName, prodPlan } from "../plans";
import type { Plan } from "../../planner/plan";
import { k8sTokens } from "../../infra/tokens";

let plan: Plan;
beforeAll(async () => {
  plan = prodPlan();
});

test("the dynamic NFS class retains directories on delete and names them <namespace>/<claim>", () => {
  const nfs = byName(plan, k8sTokens.storageClass, "portkey-nfs");
  expect(nfs.inputs.parameters).toEqual({
    server: "192.168.0.41",
    share: "/nfs/k8s",
    subDir: "${pvc.metadata.namespace}/${pvc.metadata.name}",
    onDelete: "retain",
  });
  expect(nfs.inputs.reclaimPolicy).toBe("Delete");
});

test("volumes provisioned before onDelete was set fall back to the driver default, which retains too", () => {
  const release = byName(plan, k8sTokens.release, "portkey-csi-driver-nfs");
  expect((release.inputs.values as { controller: unknown }).controller).toEqual({ defaultOnDeletePolicy: "retain" });
});
