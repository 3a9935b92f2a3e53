// etcd snapshots: siderolabs/talos-backup as a CronJob that asks the Talos API for an etcd
// snapshot, encrypts it to an age public key and uploads it to S3 (https://github.com/siderolabs/talos-backup).
// Talos lets the pod in through a talos.dev/v1alpha1 ServiceAccount, which works only where the
// control planes' `machine.features.kubernetesTalosAPIAccess` allows this namespace and role
// (the Talos layer imports both constants below). Pruning is not the tool's job: retention is a
// lifecycle rule on the bucket (docs/backups.md).
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BackupsConfig, EtcdBackupConfig } from "../config/types";
import { s3Location } from "../config/schema/backups";
import { talosBackupImageVersion } from "../versions";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "./pods";

export const etcdBackupNamespace = "talos-backup";
export const etcdBackupRoles = ["os:etcd:backup"];

/** What the control planes must grant this layer through the Talos API: nothing while etcd backups are off. */
export function etcdBackupAccess(backups: Pick<BackupsConfig, "etcd">): { namespaces: string[]; roles: string[] } {
  return backups.etcd ? { namespaces: [etcdBackupNamespace], roles: etcdBackupRoles } : { namespaces: [], roles: [] };
}

/** The Talos ServiceAccount; Talos writes its talosconfig to a Secret of the same name. */
const talosAccount = "talos-backup";
const s3SecretName = "talos-backup-s3";
const caKey = "ca.crt";
const caMount = "/etc/s3-ca";

/** Where the snapshots go: the inventory's `backups.etcd`, with the defaults that need context filled in. */
export interface EtcdTarget {
  schedule: string;
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
}

/** The endpoint is the restic repository's unless set, the prefix the cluster's name (config rules check both). */
export function etcdTarget(etcd: EtcdBackupConfig, repository: string, clusterName: string): EtcdTarget {
  const endpoint = etcd.endpoint ?? s3Location(repository)?.endpoint ?? "";
  return {
    schedule: etcd.schedule,
    endpoint,
    bucket: etcd.bucket,
    region: etcd.region,
    prefix: etcd.prefix ?? clusterName,
  };
}

export interface TalosBackupArgs {
  /** Where the snapshots go and when. */
  etcd: EtcdTarget;
  /** The cluster's name: snapshot files are named after it. */
  clusterName: string;
  /** The age recipient the snapshots are encrypted to (derived from etcdBackupAgeIdentity). */
  ageRecipient: pulumi.Input<string>;
  /** Whether the S3 Secret carries `backups.caCert`, which the container then trusts. */
  hasCaCert: boolean;
}

/** The container's environment (talos-backup v0.1.0-beta.3 pkg/config/service.go). */
export function talosBackupEnv(args: TalosBackupArgs) {
  const { etcd, clusterName, hasCaCert } = args;
  const fromSecret = (key: string) => ({ name: key, valueFrom: { secretKeyRef: { name: s3SecretName, key } } });
  return [
    fromSecret("AWS_ACCESS_KEY_ID"),
    fromSecret("AWS_SECRET_ACCESS_KEY"),
    { name: "AWS_REGION", value: etcd.region },
    { name: "CUSTOM_S3_ENDPOINT", value: etcd.endpoint },
    { name: "BUCKET", value: etcd.bucket },
    { name: "S3_PREFIX", value: etcd.prefix },
    // Snapshot files are named <cluster>-<RFC 3339 time>.snap.age.
    { name: "CLUSTER_NAME", value: clusterName },
    { name: "AGE_X25519_PUBLIC_KEY", value: args.ageRecipient },
    // Path-style bucket addressing (a private S3 has no per-bucket DNS names). v0.1.0-beta.3 turns
    // it on when this is "false": `UsePathStyle: os.Getenv("USE_PATH_STYLE") == "false"`.
    { name: "USE_PATH_STYLE", value: "false" },
    // aws-sdk-go-v2 s3 v1.76 (v0.1.0-beta.3's) adds CRC32 checksums to every upload by default,
    // which S3 servers other than AWS may refuse (XAmzContentSHA256Mismatch, siderolabs/talos-backup#36);
    // its config v1.29.6 reads these (env_config.go:86-87) in LoadDefaultConfig (talos-backup pkg/s3/s3.go:25):
    // checksums only where an operation requires one.
    { name: "AWS_REQUEST_CHECKSUM_CALCULATION", value: "when_required" },
    { name: "AWS_RESPONSE_CHECKSUM_VALIDATION", value: "when_required" },
    // The AWS SDK (v0.1.0-beta.3) reads AWS_CA_BUNDLE; Go's own TLS stack (later versions use
    // minio-go) reads SSL_CERT_FILE.
    ...(hasCaCert
      ? [
          { name: "AWS_CA_BUNDLE", value: `${caMount}/${caKey}` },
          { name: "SSL_CERT_FILE", value: `${caMount}/${caKey}` },
        ]
      : []),
  ];
}

export function talosBackupCronJob(args: TalosBackupArgs) {
  const { etcd, hasCaCert } = args;
  return {
    metadata: { name: "talos-backup" },
    spec: {
      schedule: etcd.schedule,
      // Stated, not left to the controller's zone.
      timeZone: "Etc/UTC",
      concurrencyPolicy: "Forbid",
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: {
            spec: {
              restartPolicy: "OnFailure",
              securityContext: restrictedPodSecurityContext,
              containers: [
                {
                  name: "talos-backup",
                  image: `ghcr.io/siderolabs/talos-backup:${talosBackupImageVersion}`,
                  command: ["/talos-backup"],
                  // The snapshot is written to the working directory, then encrypted beside it.
                  workingDir: "/tmp",
                  env: talosBackupEnv(args),
                  volumeMounts: [
                    { name: "tmp", mountPath: "/tmp" },
                    // Where the Talos client looks for its config inside a pod.
                    { name: "talos", mountPath: "/var/run/secrets/talos.dev", readOnly: true },
                    ...(hasCaCert ? [{ name: "ca", mountPath: caMount, readOnly: true }] : []),
                  ],
                  securityContext: restrictedContainerSecurityContext,
                },
              ],
              volumes: [
                { name: "tmp", emptyDir: {} },
                { name: "talos", secret: { secretName: talosAccount } },
                ...(hasCaCert
                  ? [{ name: "ca", secret: { secretName: s3SecretName, items: [{ key: caKey, path: caKey }] } }]
                  : []),
              ],
            },
          },
        },
      },
    },
  };
}

export interface EtcdBackupArgs {
  /** Where the snapshots go and when. */
  etcd: EtcdTarget;
  /** The age recipient the snapshots are encrypted to. */
  ageRecipient: pulumi.Input<string>;
  /** The cluster's name: snapshot files are named after it. */
  clusterName: string;
  /** The CA that signed the S3 endpoint's certificate (`backups.caCert`), if any. */
  caCert?: string;
  /** The restic S3 access key, reused: one S3 user writes both buckets. */
  s3AccessKeyId: pulumi.Input<string>;
  /** The restic S3 secret key, reused likewise. */
  s3SecretAccessKey: pulumi.Input<string>;
  /** Protect the S3 credentials' Secret (the stack's `protect` setting). */
  protect: boolean;
}

export function installEtcdBackup(name: string, args: EtcdBackupArgs, opts: pulumi.CustomResourceOptions): void {
  const ns = new k8s.core.v1.Namespace(`${name}-talos-backup`, { metadata: { name: etcdBackupNamespace } }, opts);
  const namespace = ns.metadata.name;
  new k8s.apiextensions.CustomResource(
    `${name}-talos-backup-account`,
    {
      apiVersion: "talos.dev/v1alpha1",
      kind: "ServiceAccount",
      metadata: { name: talosAccount, namespace },
      spec: { roles: etcdBackupRoles },
    },
    opts,
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-talos-backup-s3`,
    {
      metadata: { name: s3SecretName, namespace },
      stringData: {
        AWS_ACCESS_KEY_ID: args.s3AccessKeyId,
        AWS_SECRET_ACCESS_KEY: args.s3SecretAccessKey,
        ...(args.caCert === undefined ? {} : { [caKey]: args.caCert }),
      },
    },
    { ...opts, protect: args.protect },
  );
  const cronJob = talosBackupCronJob({
    etcd: args.etcd,
    clusterName: args.clusterName,
    ageRecipient: args.ageRecipient,
    hasCaCert: args.caCert !== undefined,
  });
  new k8s.batch.v1.CronJob(
    `${name}-talos-backup`,
    { metadata: { ...cronJob.metadata, namespace }, spec: cronJob.spec },
    // The first run needs the credentials; the Talos Secret comes from Talos itself.
    { ...opts, dependsOn: [secret] },
  );
}
