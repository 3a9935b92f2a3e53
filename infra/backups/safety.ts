// Safety data of the backups layer: replace-forcing inputs and data-bearing resources.
import type { DataBearing, ReplaceRule } from "../safety";

export const backupsReplaceRules: ReplaceRule[] = [
  {
    type: "kubernetes:batch/v1:Job",
    inputs: ["spec"],
    source:
      "Kubernetes API validation: a Job's pod template is immutable (https://kubernetes.io/docs/concepts/workloads/controllers/job/); the repository check and the population gate are replaced by design",
  },
];

export const backupsDataBearing: DataBearing[] = [
  {
    type: "kubernetes:core/v1:Secret",
    urnPattern: /-restic$/,
    why: "an app's restic repository Secret: the only in-cluster copy of how to reach and decrypt its backups; deleting it stops backups and restores alike",
    requires: { protect: true },
  },
  {
    type: "kubernetes:core/v1:Namespace",
    urnPattern: /-ns-[^:]+$/,
    why: "a backed-up app's namespace: deleting it deletes the app's PVC and its data; dropping an app from the backup table must leave it in place",
    requires: { retainOnDelete: true },
  },
];
