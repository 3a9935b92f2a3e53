// Step 2 of an app's backup: the repository check, a Job that runs restic from VolSync's own mover
// image, classifies the repository, applies the restore's own snapshot selection, and exits with
// the verdict of the app's phase (`repositoryVerdict`, guard.ts). It always says why in its log.
// Hands the restore (restore.ts) the Job to wait for.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { BackupApp } from "../config/types";
import { jobAwait } from "../k8s/jobs";
import { GuardPlan, guardPlan, repositoryStates, repositoryVerdict, restoreTrigger } from "./guard";
import { AppRepository, caCertKey, resticEnvKeys } from "./repository";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./pods";

/**
 * restic retries a failing backend for 15 minutes (restic 0.18 cmd/restic/global.go, retry.New);
 * the check cuts it off well inside the Job's deadline so its log still says what went wrong.
 */
export const resticTimeoutSeconds = 120;
export const checkDeadlineSeconds = 300;

/** Which snapshot the restore takes: the newest at or before `asOf` (epoch seconds), then `previous` older. */
export interface Selection {
  asOf?: number;
  previous: number;
}

export function restoreSelection(app: Pick<BackupApp, "restoreAsOf" | "restorePrevious">): Selection {
  return {
    ...(app.restoreAsOf === undefined ? {} : { asOf: Math.floor(Date.parse(app.restoreAsOf) / 1000) }),
    previous: app.restorePrevious ?? 0,
  };
}

/** The check Job's script: classify the repository, then exit 0 exactly when the restore may run. */
export function checkScript(plan: GuardPlan, selection: Selection, limitSeconds = resticTimeoutSeconds): string {
  const branches = repositoryStates.map((state) => {
    const verdict = repositoryVerdict(plan, state);
    const action = verdict.pass
      ? `echo ${shellQuote(`repository ${state}: the restore may run`)}; exit 0`
      : `echo ${shellQuote(`repository ${state}: ${verdict.reason}`)} >&2; why >&2; exit 1`;
    return `  ${state}) ${action} ;;`;
  });
  return [
    // The Job mounts an emptyDir at /tmp (the root filesystem is read-only).
    'cd "${TMPDIR:-/tmp}" || exit 1',
    `timeout ${limitSeconds} restic snapshots --json --no-lock --no-cache >snapshots 2>restic.err`,
    "rc=$?",
    // The restore's own selection (VolSync v0.16.0 mover-restic/entry.sh select_restic_snapshot_to_restore,
    // lines 265-322): snapshots of /data, newest first; the first at or before restoreAsOf; then
    // `previous` older. The mover reads restic's table; the check reads the same snapshots as JSON
    // (restic 0.18.1 cmd/restic/cmd_snapshots.go), with python3 from the mover image, to the second.
    `as_of=${selection.asOf ?? ""}`,
    `previous=${selection.previous}`,
    `mapfile -t epochs < <(python3 -c ${shellQuote(snapshotEpochs)} snapshots | sort -rn)`,
    "chosen=",
    'for i in "${!epochs[@]}"; do',
    '  if [ -z "$as_of" ] || [ "${epochs[$i]}" -le "$as_of" ]; then chosen=$((i + previous)); break; fi',
    "done",
    "if [ $rc -eq 0 ] && [ ${#epochs[@]} -eq 0 ]; then state=empty",
    'elif [ $rc -eq 0 ] && [ -n "$chosen" ] && [ "$chosen" -lt ${#epochs[@]} ]; then state=has-snapshots',
    "elif [ $rc -eq 0 ]; then state=no-match",
    // restic exit codes since 0.17 (https://restic.readthedocs.io/en/v0.18.1/075_scripting.html#exit-codes).
    "elif [ $rc -eq 10 ]; then state=missing",
    "elif [ $rc -eq 12 ]; then state=wrong-password",
    // Anything else is told apart by what restic said (its backend retries these, so rc is often 124).
    "elif grep -Eq 'NoSuchBucket|bucket does not exist' restic.err; then state=bucket-missing",
    "elif grep -Eq 'x509: |tls: failed to verify' restic.err; then state=untrusted-certificate",
    // S3's messages for these codes as restic prints them (seen in npm run test:backups): a wrong secret
    // is retried, so only the message text reaches the log.
    "elif grep -Eq 'AccessDenied|Access Denied|InvalidAccessKeyId|Access Key Id you provided does not exist|SignatureDoesNotMatch|signature we calculated does not match' restic.err; then state=access-denied",
    "else state=unreachable; fi",
    "why() {",
    `  if [ $rc -eq 124 ]; then echo "restic gave no answer within ${limitSeconds} s"; else echo "restic exited $rc"; fi`,
    '  if [ ${#epochs[@]} -gt 0 ]; then echo "${#epochs[@]} snapshots, newest $(date -u --date=@"${epochs[0]}" "+%F %T") UTC, oldest $(date -u --date=@"${epochs[-1]}" "+%F %T") UTC"; fi',
    "  tail -n 5 restic.err",
    "}",
    'if [ "$state" = has-snapshots ]; then echo "restoring the snapshot of $(date -u --date=@"${epochs[$chosen]}" "+%F %T") UTC"; fi',
    'case "$state" in',
    ...branches,
    "esac",
    "",
  ].join("\n");
}

/**
 * Prints the epoch second of each snapshot of /data in restic's `snapshots --json` (times are
 * RFC 3339 with nanoseconds and the zone's offset). Python 3.9 (ubi9) parses no nanoseconds or "Z"
 * by itself, hence the regular expression. A file that is no JSON (restic failed) lists nothing.
 */
const snapshotEpochs = [
  "import calendar, json, re, sys",
  "try:",
  "    snapshots = json.load(open(sys.argv[1])) or []",
  "except ValueError:",
  "    snapshots = []",
  "for s in snapshots:",
  // The mover keeps each line its grep finds "/data" in: a path containing it, as here.
  '    if not any("/data" in p for p in s.get("paths", [])):',
  "        continue",
  '    m = re.match(r"(\\d+)-(\\d+)-(\\d+)T(\\d+):(\\d+):(\\d+)(?:\\.\\d+)?(Z|([+-])(\\d+):(\\d+))$", s["time"])',
  '    offset = 0 if m.group(7) == "Z" else (1 if m.group(8) == "+" else -1) * (int(m.group(9)) * 3600 + int(m.group(10)) * 60)',
  "    print(calendar.timegm(tuple(int(m.group(i)) for i in range(1, 7))) - offset)",
].join("\n");

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

export interface CheckInputs {
  app: string;
  namespace: pulumi.Input<string>;
  cfg: BackupApp;
  secretName: pulumi.Input<string>;
  image: string;
  hasCaCert: boolean;
  /** repositoryFingerprint: where the repository is and which CA vouches for it. */
  repository: string;
  /** credentialsFingerprint: a secret. */
  credentials: pulumi.Input<string>;
}

const caMount = "/etc/restic-ca";

/**
 * The check Job. Its pod template changes whenever what it checks changes (the Secret's
 * fingerprints, the restore's trigger and selection, the phase): a changed template is a new Job.
 */
export function repositoryCheckJob(c: CheckInputs) {
  const trigger = restoreTrigger(c.cfg);
  return {
    metadata: { name: `${c.app}-repository-check`, namespace: c.namespace, annotations: jobAwait(600) },
    spec: {
      // A classified failure does not improve on a retry; fix the cause and run `pulumi up` again.
      backoffLimit: 0,
      activeDeadlineSeconds: checkDeadlineSeconds,
      template: {
        metadata: {
          annotations: {
            "portkey.home/restore-trigger": trigger,
            "portkey.home/repository-sha256": c.repository,
            "portkey.home/credentials-sha256": c.credentials,
          },
        },
        spec: {
          restartPolicy: "Never",
          securityContext: restrictedPodSecurityContext,
          containers: [
            {
              name: "check",
              image: c.image,
              command: ["/bin/bash", "-c", checkScript(guardPlan(c.cfg.phase), restoreSelection(c.cfg))],
              env: [
                // The mover prints and parses snapshot times in its local zone, UTC in its image.
                { name: "TZ", value: "UTC" },
                ...resticEnvKeys.map((key) => ({
                  name: key,
                  valueFrom: { secretKeyRef: { name: c.secretName, key } },
                })),
                ...(c.hasCaCert ? [{ name: "RESTIC_CACERT", value: `${caMount}/${caCertKey}` }] : []),
              ],
              // `kubectl describe` shows the verdict without the logs.
              terminationMessagePolicy: "FallbackToLogsOnError",
              volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                ...(c.hasCaCert ? [{ name: "ca", mountPath: caMount, readOnly: true }] : []),
              ],
              securityContext: restrictedContainerSecurityContext,
            },
          ],
          volumes: [
            { name: "tmp", emptyDir: {} },
            ...(c.hasCaCert
              ? [{ name: "ca", secret: { secretName: c.secretName, items: [{ key: caCertKey, path: caCertKey }] } }]
              : []),
          ],
        },
      },
    },
  };
}

/** Creates the app's check Job. */
export function checkRepository(
  name: string,
  args: { app: string; cfg: BackupApp; namespace: pulumi.Input<string>; repository: AppRepository; image: string },
  opts: pulumi.CustomResourceOptions,
): k8s.batch.v1.Job {
  const { app, repository } = args;
  return new k8s.batch.v1.Job(
    `${name}-${app}-check`,
    repositoryCheckJob({
      app,
      namespace: args.namespace,
      cfg: args.cfg,
      secretName: repository.secretName,
      image: args.image,
      hasCaCert: repository.hasCaCert,
      repository: repository.where,
      credentials: repository.credentials,
    }),
    // A Job's template is immutable: a changed check runs as a new Job of the same name.
    { ...opts, replaceOnChanges: ["spec"], deleteBeforeReplace: true },
  );
}
