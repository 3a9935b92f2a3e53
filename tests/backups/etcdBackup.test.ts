// etcd snapshots: with backups.etcd the plan holds talos-backup's namespace, its Talos
// ServiceAccount (the role the control planes allow), the S3 Secret and the CronJob, trusting the CA.
import * as path from "path";
import { etcdBackupNamespace, etcdBackupRoles } from "../../infra/backups/etcdBackup";
import { talosBackupImageVersion } from "../../infra/versions";
import { Plan, PlanResource, renderPlan } from "../harness/plan";
import { readInventory } from "../harness/stackConfig";
import { testAgePublicKey, testCaCert, testEtcd } from "./siteFacts";

const entry = path.join(__dirname, "programs", "backupsOnly.ts");
let plan: Plan;
beforeAll(async () => {
  const inventory = readInventory() as any;
  inventory.backups.caCert = testCaCert;
  inventory.backups.etcd = testEtcd;
  plan = await renderPlan({ entry, inventory });
});

const inTalosBackup = () =>
  plan.resources.filter((r) => r.name.startsWith("portkey-talos-backup")).map((r) => `${r.type} ${r.name}`);
const one = (name: string): PlanResource => plan.resources.find((r) => r.name === name)!;

test("four objects: namespace, Talos ServiceAccount with os:etcd:backup, protected S3 Secret, CronJob", () => {
  expect(inTalosBackup().sort()).toEqual([
    "kubernetes:batch/v1:CronJob portkey-talos-backup",
    "kubernetes:core/v1:Namespace portkey-talos-backup",
    "kubernetes:core/v1:Secret portkey-talos-backup-s3",
    "kubernetes:talos.dev/v1alpha1:ServiceAccount portkey-talos-backup-account",
  ]);
  expect(one("portkey-talos-backup-account").inputs).toEqual({
    apiVersion: "talos.dev/v1alpha1",
    kind: "ServiceAccount",
    metadata: { name: "talos-backup", namespace: "talos-backup" },
    spec: { roles: ["os:etcd:backup"] },
  });
  // The Talos layer allows exactly this namespace and role on the control planes.
  expect([etcdBackupNamespace, etcdBackupRoles]).toEqual(["talos-backup", ["os:etcd:backup"]]);
  const secret = one("portkey-talos-backup-s3");
  expect([secret.inputs.stringData, secret.options.protect]).toEqual(["[secret]", true]);
});

test("the CronJob runs in UTC on the inventory's schedule and uploads to the inventory's bucket, encrypted", () => {
  const cron = one("portkey-talos-backup").inputs.spec as any;
  const container = cron.jobTemplate.spec.template.spec.containers[0];
  expect([cron.schedule, cron.timeZone, cron.concurrencyPolicy, container.image]).toEqual([
    "30 */6 * * *",
    "Etc/UTC",
    "Forbid",
    `ghcr.io/siderolabs/talos-backup:${talosBackupImageVersion}`,
  ]);
  const secretRef = (key: string) => ({ name: key, valueFrom: { secretKeyRef: { name: "talos-backup-s3", key } } });
  expect(container.env).toEqual([
    secretRef("AWS_ACCESS_KEY_ID"),
    secretRef("AWS_SECRET_ACCESS_KEY"),
    { name: "AWS_REGION", value: "us-east-1" },
    { name: "CUSTOM_S3_ENDPOINT", value: "https://s3.portkey.home" },
    { name: "BUCKET", value: "etcd" },
    { name: "S3_PREFIX", value: "portkey" },
    { name: "CLUSTER_NAME", value: "portkey" },
    { name: "AGE_X25519_PUBLIC_KEY", value: testAgePublicKey },
    { name: "USE_PATH_STYLE", value: "false" },
    { name: "AWS_CA_BUNDLE", value: "/etc/s3-ca/ca.crt" },
    { name: "SSL_CERT_FILE", value: "/etc/s3-ca/ca.crt" },
  ]);
  expect(cron.jobTemplate.spec.template.spec.volumes).toEqual([
    { name: "tmp", emptyDir: {} },
    { name: "talos", secret: { secretName: "talos-backup" } },
    { name: "ca", secret: { secretName: "talos-backup-s3", items: [{ key: "ca.crt", path: "ca.crt" }] } },
  ]);
});
