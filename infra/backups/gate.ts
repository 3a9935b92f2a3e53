// The population gate (guard step 3). VolSync's populator fills any new, unbound claim that names a
// ReplicationDestination from that destination's `status.latestImage`, and a restore-once
// destination keeps that image for good (volsync v0.16.0 internal/controller/volumepopulator_controller.go
// reconcilePVCPrime; pausing the destination does not stop it). A claim recreated weeks later (an
// Argo CD prune, a manual delete) would silently roll back to it, and the next backup would record
// the rollback as newest. So once the app's claim is bound, the gate deletes that image: a
// recreated claim then stays Pending until the operator runs a new restore (`restoreRun`).
// VolSync tolerates a missing previous image on its next restore (internal/controller/utils/cleanup.go
// MarkOldSnapshotForCleanup), and Ceph clones do not depend on the snapshot they came from.
// The gate runs python3 from VolSync's mover image (installed there for rsync's helpers).
import * as pulumi from "@pulumi/pulumi";
import { jobAwait } from "../k8s/jobs";
import { GuardPlan } from "./guard";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./pods";

/** How long the gate waits for the claim (Argo CD creates it from Git) before it gives up. */
export const gateLimitSeconds = 1800;

/** Namespaced permissions the gate gets through a RoleBinding in each app's namespace. */
export const gateRules = [
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["get"] },
  { apiGroups: ["volsync.backube"], resources: ["replicationdestinations"], verbs: ["get"] },
  { apiGroups: ["snapshot.storage.k8s.io"], resources: ["volumesnapshots"], verbs: ["get", "delete"] },
];

/**
 * argv: api token-file ca-file namespace claim destination mode limit-seconds poll-seconds.
 * mode "be-populated": the claim must name the destination in spec.dataSourceRef and be bound (the
 * populator binds it only once filled); "be-bound" (fresh): any bound claim will do.
 */
export const gateScript = `
import json, ssl, sys, time, urllib.error, urllib.request

api, token_file, ca_file, namespace, claim_name, destination, mode, limit, poll = sys.argv[1:]
deadline = time.monotonic() + int(limit)
context = ssl.create_default_context(cafile=ca_file) if ca_file else None

def call(method, path):
    with open(token_file) as f:
        token = f.read().strip()
    request = urllib.request.Request(api + path, method=method, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise

said = None
while True:
    try:
        claim = call("GET", f"/api/v1/namespaces/{namespace}/persistentvolumeclaims/{claim_name}")
    except Exception as error:
        claim, why = False, f"the API server did not answer: {error}"
    source = ((claim or {}).get("spec", {}).get("dataSourceRef") or {}).get("name")
    if claim is False:
        pass
    elif claim is None:
        why = f"claim {claim_name} does not exist yet (Argo CD creates it from Git)"
    elif mode == "be-populated" and source != destination:
        why = f"claim {claim_name} does not name {destination} in spec.dataSourceRef, so it is not filled from the restore"
    elif (claim.get("status") or {}).get("phase") != "Bound":
        why = f"claim {claim_name} is not bound yet"
    else:
        break
    if time.monotonic() > deadline:
        print(f"gave up after {limit} s: {why}", file=sys.stderr)
        sys.exit(1)
    if why != said:
        print(f"waiting: {why}", flush=True)
        said = why
    time.sleep(int(poll))

try:
    found = call("GET", f"/apis/volsync.backube/v1alpha1/namespaces/{namespace}/replicationdestinations/{destination}")
    image = ((found or {}).get("status") or {}).get("latestImage") or {}
    if image.get("kind") == "VolumeSnapshot":
        call("DELETE", f"/apis/snapshot.storage.k8s.io/v1/namespaces/{namespace}/volumesnapshots/{image['name']}")
except Exception as error:
    print(f"claim {claim_name} is bound, but retiring {destination}'s image failed: {error}", file=sys.stderr)
    sys.exit(1)
if image.get("kind") != "VolumeSnapshot":
    print(f"claim {claim_name} is bound; {destination} holds no image to retire")
else:
    print(f"claim {claim_name} is bound; retired {destination}'s image {image['name']}: a claim recreated later waits for the next restore (restoreRun)")
`;

export interface GateInputs {
  app: string;
  namespace: pulumi.Input<string>;
  claim: string;
  destination: string;
  plan: GuardPlan;
  /** The restore it follows: a new restore is a new gate. */
  trigger: string;
  serviceAccount: pulumi.Input<string>;
  image: string;
}

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

export function populationGateJob(g: GateInputs) {
  return {
    metadata: { name: `${g.app}-restore-gate`, namespace: g.namespace, annotations: jobAwait(gateLimitSeconds + 120) },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: gateLimitSeconds + 60,
      template: {
        metadata: { annotations: { "portkey.home/restore-trigger": g.trigger } },
        spec: {
          restartPolicy: "Never",
          serviceAccountName: g.serviceAccount,
          securityContext: restrictedPodSecurityContext,
          containers: [
            {
              name: "gate",
              image: g.image,
              command: [
                "python3",
                "-c",
                gateScript,
                "https://kubernetes.default.svc",
                `${serviceAccountDir}/token`,
                `${serviceAccountDir}/ca.crt`,
                g.namespace,
                g.claim,
                g.destination,
                g.plan.claimMust,
                String(gateLimitSeconds),
                "5",
              ],
              terminationMessagePolicy: "FallbackToLogsOnError",
              securityContext: restrictedContainerSecurityContext,
            },
          ],
        },
      },
    },
  };
}
