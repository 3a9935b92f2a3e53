// The restic repository of each app: its URL and the Secret VolSync's movers read it from.
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

export interface ResticCredentials {
  password: pulumi.Input<string>;
  s3AccessKeyId: pulumi.Input<string>;
  s3SecretAccessKey: pulumi.Input<string>;
}

/** The Secret's keys are the environment variables restic reads. */
export function resticSecretData(
  base: string,
  app: string,
  credentials: ResticCredentials,
): Record<string, pulumi.Input<string>> {
  return {
    RESTIC_REPOSITORY: resticRepositoryUrl(base, app),
    RESTIC_PASSWORD: credentials.password,
    AWS_ACCESS_KEY_ID: credentials.s3AccessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.s3SecretAccessKey,
  };
}
