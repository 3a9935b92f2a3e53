// Step 1 of an app's backup: its restic repository: the URL, the Secret VolSync's movers and the
// check read it from, and the fingerprints that make the repository check run again when what it
// checks changes. Hands the check (check.ts) the Secret and those fingerprints.
import { createHash } from "crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * One repository per app: VolSync does not support several PVCs in one repository path
 * (https://volsync.readthedocs.io/en/stable/usage/restic/#specifying-a-repository).
 */
export function resticRepositoryUrl(base: string, app: string): string {
  return `${base}/${app}`;
}

/** Name of an app's repository Secret (referenced by `spec.restic.repository`). */
export function resticSecretName(app: string): string {
  return `${app}-restic`;
}

/** The Secret key holding `backups.caCert`, for VolSync's `customCA` and the check's RESTIC_CACERT. */
export const caCertKey = "ca.crt";

/** The environment variables restic reads, each a key of the Secret. */
export const resticEnvKeys = ["RESTIC_REPOSITORY", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

export interface ResticCredentials {
  password: pulumi.Input<string>;
  s3AccessKeyId: pulumi.Input<string>;
  s3SecretAccessKey: pulumi.Input<string>;
}

export interface ResticSecretDataArgs {
  /** Where every app's repository lives (`backups.repository`). */
  repository: string;
  /** The app whose repository this is, below `repository`. */
  app: string;
  /** restic's password and the S3 credentials. */
  credentials: ResticCredentials;
  /** The CA that signed the S3 endpoint's certificate (`backups.caCert`), if any. */
  caCert?: string;
}

/** The Secret's data: restic's environment, and the CA when the inventory gives one. */
export function resticSecretData(args: ResticSecretDataArgs): Record<string, pulumi.Input<string>> {
  const { credentials, caCert } = args;
  return {
    RESTIC_REPOSITORY: resticRepositoryUrl(args.repository, args.app),
    RESTIC_PASSWORD: credentials.password,
    AWS_ACCESS_KEY_ID: credentials.s3AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.s3SecretAccessKey,
    ...(caCert === undefined ? {} : { [caCertKey]: caCert }),
  };
}

/** SHA-256 over parts kept apart by their lengths, so ("ab", "c") and ("a", "bc") differ. */
export function fingerprint(parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:${part}`);
  return hash.digest("hex");
}

/** What the Secret says about where the repository is and whom to trust: shown in a preview. */
export function repositoryFingerprint(url: string, caCert?: string): string {
  return fingerprint([url, caCert ?? ""]);
}

/** What the Secret says about how to get in: a secret itself, so a preview shows only that it moved. */
function credentialsFingerprint(credentials: ResticCredentials): pulumi.Output<string> {
  return pulumi.secret(
    pulumi
      .all([credentials.password, credentials.s3AccessKeyId, credentials.s3SecretAccessKey])
      .apply((parts) => fingerprint(parts)),
  );
}

/** The app's repository Secret, and whether it carries `backups.caCert`: what the movers read. */
export interface Repository {
  secretName: pulumi.Input<string>;
  hasCaCert: boolean;
}

/** An app's repository as the later steps see it: what the movers read, and what the check compares. */
export interface AppRepository extends Repository {
  /** The Secret's name (an output, so the steps after it wait for it). */
  secretName: pulumi.Output<string>;
  /** repositoryFingerprint: where the repository is and which CA vouches for it. */
  where: string;
  /** credentialsFingerprint: a secret. */
  credentials: pulumi.Output<string>;
}

export interface OpenRepositoryArgs extends ResticSecretDataArgs {
  namespace: pulumi.Input<string>;
  /** Protect the Secret (the stack's `protect` setting). */
  protect: boolean;
}

/** Creates the app's repository Secret. */
export function openRepository(
  name: string,
  args: OpenRepositoryArgs,
  opts: pulumi.CustomResourceOptions,
): AppRepository {
  const { app, caCert } = args;
  const secret = new k8s.core.v1.Secret(
    `${name}-${app}-restic`,
    { metadata: { name: resticSecretName(app), namespace: args.namespace }, stringData: resticSecretData(args) },
    { ...opts, protect: args.protect },
  );
  return {
    secretName: secret.metadata.name,
    hasCaCert: caCert !== undefined,
    where: repositoryFingerprint(resticRepositoryUrl(args.repository, app), caCert),
    credentials: credentialsFingerprint(args.credentials),
  };
}
