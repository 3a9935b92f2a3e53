// The backups layer's change-gate rules: replace-forcing inputs, data-bearing resources, and what
// removing an app's backup takes with it.
import type { DataBearing, RemovalRule, ReplaceRule } from "../safety/types";
import { k8sTokens } from "../tokens";

export const backupsReplaceRules: ReplaceRule[] = [
  {
    type: k8sTokens.job,
    inputs: ["spec"],
    source:
      "Kubernetes API validation: a Job's pod template is immutable (https://kubernetes.io/docs/concepts/workloads/controllers/job/); the repository check and the population gate are replaced by design",
  },
];

export const backupsDataBearing: DataBearing[] = [
  {
    type: k8sTokens.secret,
    urnPattern: /-restic$/,
    why: "an app's restic repository Secret: the only in-cluster copy of how to reach and decrypt its backups; deleting it stops backups and restores alike",
    requires: { protect: true },
  },
  {
    type: k8sTokens.namespace,
    urnPattern: /-ns-[^:]+$/,
    why: "a backed-up app's namespace: deleting it deletes the app's PVC and its data; dropping an app from the backup table must leave it in place",
    requires: { retainOnDelete: true },
  },
];

export const backupsRemovalRules: RemovalRule[] = [
  {
    type: k8sTokens.replicationSource,
    why: "the backup of app {namespace} is removed",
    names: {
      type: k8sTokens.secret,
      path: "spec.restic.repository",
      why: "the restic repository Secret of app {namespace} is removed",
    },
  },
];
