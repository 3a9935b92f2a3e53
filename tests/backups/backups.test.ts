// The backups layer's plan with the prod inventory, and with a CA, etcd snapshots and one bumped
// restoreRun: one restore, one gate and one backup per app, valid against the VolSync CRDs, in the
// restore-first order, each trusting the CA when there is one.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { gateRules } from "../../infra/backups/gate";
import { repositoryFingerprint, resticSecretData } from "../../infra/backups/repository";
import { etcdBackupNamespace, etcdBackupRoles } from "../../infra/backups/etcdBackup";
import { talosBackupImageVersion } from "../../infra/versions";
import type { Plan, PlanResource } from "../../planner/plan";
import { renderProgram } from "../../planner/program";
import { readInventory } from "../../planner/stackFile";
import { describeConformance, readFixtureYamlDocuments } from "../fixtures";
import { crdVersions } from "../k8s/helpers";
import { prodPlan } from "../plans";
import { testAgePublicKey, testCaCert, testEtcd } from "./siteFacts";

const apps = ["babybuddy", "grocy", "homeassistant", "mosquitto", "paperless", "vaultwarden", "zigbee2mqtt"];
const plan: Plan = prodPlan();
/** The prod inventory with a CA, etcd snapshots, grocy's restoreRun bumped and mosquitto's backups paused. */
let withCa: Plan;
beforeAll(async () => {
  const inventory = readInventory() as any;
  inventory.backups.caCert = testCaCert;
  inventory.backups.etcd = testEtcd;
  inventory.backups.apps.grocy.restoreRun = 1;
  inventory.backups.apps.mosquitto.phase = "paused";
  withCa = await renderProgram({ inventory });
});

/** The backups layer's resources of a kind. */
const ofKind = (p: Plan, kind: string) =>
  p.resources.filter((r) => r.type.endsWith(`:${kind}`) && r.parent?.endsWith("portkey:backups:Backups::portkey"));
const named = (p: Plan, name: string, type: string) => {
  const found = p.resources.filter((r) => r.name === name && r.type.endsWith(`:${type}`));
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
  return found[0];
};
const spec = (r: PlanResource) => r.inputs.spec as any;
const byApp = (p: Plan, kind: string, pick: (r: PlanResource) => unknown) =>
  Object.fromEntries(ofKind(p, kind).map((r) => [(r.inputs.metadata as any).namespace, pick(r)]));
const forEachApp = (value: (app: string) => unknown) => Object.fromEntries(apps.map((a) => [a, value(a)]));
const check = (p: Plan, app: string) => spec(named(p, `portkey-${app}-check`, "Job")).template;

test("one ReplicationSource and one ReplicationDestination per app, in the app's namespace", () => {
  for (const kind of ["ReplicationSource", "ReplicationDestination"]) {
    expect(Object.keys(byApp(plan, kind, () => true)).sort()).toEqual(apps);
  }
});

test("vaultwarden backs up every 6 hours; the others daily at distinct minutes of the night", () => {
  const schedules = byApp(plan, "ReplicationSource", (r) => spec(r).trigger.schedule);
  expect(schedules.vaultwarden).toBe("0 */6 * * *");
  const daily = apps.filter((a) => a !== "vaultwarden").map((a) => schedules[a] as string);
  for (const s of daily) expect(s).toMatch(/^\d{1,2} [1-4] \* \* \*$/);
  expect(new Set(daily).size).toBe(6);
});

test("retention keeps 7 days of restore points", () => {
  expect(byApp(plan, "ReplicationSource", (r) => spec(r).restic.retain)).toEqual(
    forEachApp((a) => (a === "vaultwarden" ? { hourly: 28, daily: 7 } : { daily: 7 })),
  );
});

test("the restore is an exact populator source: Snapshot copy, manual trigger, file deletion, on ceph-block", () => {
  // Its own volume is a scratch copy reused between restores: ceph-block even for vaultwarden,
  // whose claim (in Git) is on the Retain class.
  expect(
    byApp(plan, "ReplicationDestination", (r) => [
      spec(r).trigger,
      spec(r).restic.copyMethod,
      spec(r).restic.enableFileDeletion,
      spec(r).restic.storageClassName,
      spec(r).restic.volumeSnapshotClassName,
    ]),
  ).toEqual(forEachApp(() => [{ manual: "restore-once" }, "Snapshot", true, "ceph-block", "ceph-block-snapshot"]));
});

test("each app's repository Secret is secret and protected, and the check reads restic's keys from it", () => {
  const secrets = ofKind(plan, "Secret").filter((r) => r.name.endsWith("-restic"));
  expect(secrets.map((r) => r.name).sort()).toEqual(apps.map((a) => `portkey-${a}-restic`));
  for (const s of secrets) expect([s.inputs.stringData, s.options.protect]).toEqual(["[secret]", true]);
  const env = check(plan, "paperless").spec.containers[0].env;
  expect(env).toEqual([
    { name: "TZ", value: "UTC" },
    ...["RESTIC_REPOSITORY", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((key) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: "paperless-restic", key } },
    })),
  ]);
});

test("guard order: Secret → check → restore → gate → backup; VolSync waits for the CNI and no other platform resource", () => {
  const deps = (p: Plan, r: PlanResource) =>
    r.dependencies.map((urn) => p.resources.find((x) => x.urn === urn)!.name).sort();
  const specDeps = (a: string) => [
    `portkey-${a}-restic`,
    `portkey-ns-${a}`,
    "portkey-ceph-block",
    "portkey-ceph-block-snapshot",
    "portkey-volsync",
  ];
  for (const a of apps) {
    expect({
      check: deps(plan, named(plan, `portkey-${a}-check`, "Job")),
      restore: deps(plan, named(plan, `portkey-${a}-dst`, "ReplicationDestination")),
      gate: deps(plan, named(plan, `portkey-${a}-gate`, "Job")),
      backup: deps(plan, named(plan, `portkey-${a}-src`, "ReplicationSource")),
    }).toEqual({
      check: [`portkey-ns-${a}`, `portkey-${a}-restic`, "portkey-cilium"].sort(),
      // The VolSync CRDs, and the classes their specs name (the snapshot class waits for the
      // snapshot controller), besides their own step of the guard.
      restore: [`portkey-${a}-check`, ...specDeps(a)].sort(),
      gate: [`portkey-${a}-dst`, `portkey-${a}-restore-gate`, `portkey-${a}-restore-gate`, `portkey-ns-${a}`].sort(),
      backup: [`portkey-${a}-gate`, ...specDeps(a)].sort(),
    });
  }
  expect(named(plan, "portkey-volsync", "Release").dependencies.map((u) => u.split("::").pop())).toEqual([
    "portkey-volsync",
    "portkey-cilium",
  ]);
});

test("first build: every object of the backups layer waits, directly or through its inputs, for the Cilium release", () => {
  const cilium = named(withCa, "portkey-cilium", "Release").urn;
  const waitsForCilium = (r: PlanResource, seen = new Set<string>()): boolean =>
    r.dependencies.some(
      (urn) =>
        urn === cilium ||
        (!seen.has(urn) &&
          (seen.add(urn),
          waitsForCilium(
            withCa.resources.find((x) => x.urn === urn)!,
            seen,
          ))),
    );
  const layer = withCa.resources.filter((r) => r.parent?.endsWith("portkey:backups:Backups::portkey"));
  // VolSync, 7 apps' namespaces, Secrets, checks, restores, gates and backups, the etcd CronJob.
  expect(layer.filter((r) => r.type.endsWith(":Job")).length).toBe(14);
  expect(layer.filter((r) => r.type.endsWith(":CronJob")).length).toBe(1);
  expect(layer.filter((r) => !waitsForCilium(r)).map((r) => r.name)).toEqual([]);
});

test("a failed check or gate is replaced at the next up; the check runs restic once, within its deadline", () => {
  for (const a of apps) {
    for (const job of [`portkey-${a}-check`, `portkey-${a}-gate`]) {
      const r = named(plan, job, "Job");
      expect([
        (r.inputs.metadata as any).annotations["pulumi.com/replaceUnready"],
        r.options.deleteBeforeReplace,
      ]).toEqual(["true", true]);
    }
    const c = named(plan, `portkey-${a}-check`, "Job");
    expect([spec(c).backoffLimit, spec(c).activeDeadlineSeconds]).toEqual([0, 300]);
  }
});

test("the check's spec moves with the Secret: repository and CA in plain sight, credentials as a secret", () => {
  const annotations = (p: Plan) => forEachApp((a) => check(p, a).metadata.annotations);
  const url = (a: string) => `s3:https://s3.portkey.home/volsync/${a}`;
  expect(annotations(plan)).toEqual(
    forEachApp((a) => ({
      "portkey.home/restore-trigger": "restore-once",
      "portkey.home/repository-sha256": repositoryFingerprint(url(a)),
      "portkey.home/credentials-sha256": "[secret]",
    })),
  );
  expect(forEachApp((a) => check(withCa, a).metadata.annotations["portkey.home/repository-sha256"])).toEqual(
    forEachApp((a) => repositoryFingerprint(url(a), testCaCert)),
  );
});

test("bumping one app's restoreRun runs its check and restore again, and no other app's", () => {
  const triggers = (p: Plan) =>
    forEachApp((a) => [
      check(p, a).metadata.annotations["portkey.home/restore-trigger"],
      spec(named(p, `portkey-${a}-dst`, "ReplicationDestination")).trigger.manual,
      spec(named(p, `portkey-${a}-gate`, "Job")).template.metadata.annotations["portkey.home/restore-trigger"],
    ]);
  expect(triggers(withCa)).toEqual(
    forEachApp((a) => Array(3).fill(a === "grocy" ? "restore-once-run-1" : "restore-once")),
  );
});

test("with backups.caCert every backup, restore and check trusts it; without, none names a CA", () => {
  const cas = (p: Plan) => ({
    sources: byApp(p, "ReplicationSource", (r) => spec(r).restic.customCA ?? null),
    destinations: byApp(p, "ReplicationDestination", (r) => spec(r).restic.customCA ?? null),
    checks: forEachApp((a) => {
      const pod = check(p, a).spec;
      return [
        pod.containers[0].env.find((e: any) => e.name === "RESTIC_CACERT")?.value ?? null,
        pod.volumes.find((v: any) => v.name === "ca")?.secret ?? null,
      ];
    }),
  });
  expect(cas(plan)).toEqual({
    sources: forEachApp(() => null),
    destinations: forEachApp(() => null),
    checks: forEachApp(() => [null, null]),
  });
  expect(cas(withCa)).toEqual({
    sources: forEachApp((a) => ({ secretName: `${a}-restic`, key: "ca.crt" })),
    destinations: forEachApp((a) => ({ secretName: `${a}-restic`, key: "ca.crt" })),
    checks: forEachApp((a) => [
      "/etc/restic-ca/ca.crt",
      { secretName: `${a}-restic`, items: [{ key: "ca.crt", path: "ca.crt" }] },
    ]),
  });
});

test("each app's gate runs as its own account, bound in its namespace to one shared role of four permissions", () => {
  expect(named(plan, "portkey-restore-gate", "ClusterRole").inputs.rules).toEqual(gateRules);
  for (const a of apps) {
    const binding = named(plan, `portkey-${a}-restore-gate`, "RoleBinding").inputs as any;
    expect([binding.metadata.namespace, binding.roleRef.name, binding.subjects]).toEqual([
      a,
      "portkey-restore-gate",
      [{ kind: "ServiceAccount", name: `${a}-restore-gate`, namespace: a }],
    ]);
    const pod = spec(named(plan, `portkey-${a}-gate`, "Job")).template.spec;
    expect([pod.serviceAccountName, pod.containers[0].command.slice(6, 11)]).toEqual([
      `${a}-restore-gate`,
      [a, a, `${a}-dst`, "be-populated", "1800"],
    ]);
  }
});

test("etcd snapshots are on in prod; without backups.etcd no etcd snapshot objects exist", async () => {
  expect(plan.resources.filter((r) => r.name.includes("talos-backup")).map((r) => r.name)).toHaveLength(4);
  const inventory = readInventory() as any;
  delete inventory.backups.etcd;
  const off = await renderProgram({ inventory });
  expect(off.resources.filter((r) => r.name.includes("talos-backup")).map((r) => r.name)).toEqual([]);
});

test("movers never rewrite app data: privileged in every app's namespace, no fsGroup, no user of their own", () => {
  const namespaces = ofKind(plan, "Namespace").filter((r) => r.name.startsWith("portkey-ns-"));
  expect(namespaces.map((n) => (n.inputs.metadata as any).name).sort()).toEqual(apps);
  for (const ns of namespaces)
    expect((ns.inputs.metadata as any).annotations).toEqual({ "volsync.backube/privileged-movers": "true" });
  for (const kind of ["ReplicationSource", "ReplicationDestination"])
    for (const r of ofKind(plan, kind))
      expect(spec(r).restic.moverSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
});

test("an app's namespace that exists is adopted: its own provider upserts, it is never deleted, and only namespaces use it", () => {
  const adopting = plan.resources.find(
    (r) => r.type === "pulumi:providers:kubernetes" && r.name === "portkey-adopting",
  )!;
  const main = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "portkey")!;
  expect(adopting.inputs).toEqual({ ...main.inputs, upsertExistingObjects: "true" });
  const namespaces = ofKind(plan, "Namespace").filter((r) => r.name.startsWith("portkey-ns-"));
  expect(namespaces).toHaveLength(apps.length);
  for (const ns of namespaces) {
    expect(ns.provider?.startsWith(`${adopting.urn}::`)).toBe(true);
    expect(ns.options.retainOnDelete).toBe(true);
  }
  // Nothing else goes through it: a create-then-delete of anything else could remove an object.
  const onAdopting = plan.resources.filter((r) => r.provider?.startsWith(`${adopting.urn}::`));
  expect(onAdopting.map((r) => r.urn)).toEqual(namespaces.map((r) => r.urn));
});

test("backups run unpaused in phase restore, paused in phase paused", () => {
  expect(byApp(plan, "ReplicationSource", (r) => spec(r).paused)).toEqual(forEachApp(() => false));
  expect(byApp(withCa, "ReplicationSource", (r) => spec(r).paused)).toEqual(forEachApp((a) => a === "mosquitto"));
});

describeConformance("with a CA, every restore and backup still validates against its VolSync CRD", () => {
  test.each([
    ["ReplicationSource", "k8s/volsync/volsync.backube_replicationsources.yaml"],
    ["ReplicationDestination", "k8s/volsync/volsync.backube_replicationdestinations.yaml"],
  ])("%s", (kind, file) => {
    const [served] = crdVersions(readFixtureYamlDocuments(file)).filter((v) => v.kind === kind);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(served.schema);
    const objects = ofKind(withCa, kind);
    expect(objects).toHaveLength(7);
    expect(objects.filter((r) => !validate(r.inputs)).map((r) => [r.name, ajv.errorsText(validate.errors)])).toEqual(
      [],
    );
  });
});

describe("etcd snapshots (backups.etcd)", () => {
  const inTalosBackup = () =>
    withCa.resources.filter((r) => r.name.startsWith("portkey-talos-backup")).map((r) => `${r.type} ${r.name}`);
  const one = (name: string): PlanResource => withCa.resources.find((r) => r.name === name)!;

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

  test("prod's defaults: the restic endpoint, the cluster's name as prefix, the recipient of the secret identity", () => {
    const env = (
      plan.resources.find((r) => r.name === "portkey-talos-backup" && r.type.endsWith(":CronJob"))!.inputs.spec as any
    ).jobTemplate.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    const value = (name: string) => env.find((e) => e.name === name)?.value;
    expect(["CUSTOM_S3_ENDPOINT", "BUCKET", "S3_PREFIX", "AGE_X25519_PUBLIC_KEY"].map(value)).toEqual([
      "https://s3.portkey.home",
      "etcd",
      "portkey",
      testAgePublicKey,
    ]);
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
      { name: "AWS_REQUEST_CHECKSUM_CALCULATION", value: "when_required" },
      { name: "AWS_RESPONSE_CHECKSUM_VALIDATION", value: "when_required" },
      { name: "AWS_CA_BUNDLE", value: "/etc/s3-ca/ca.crt" },
      { name: "SSL_CERT_FILE", value: "/etc/s3-ca/ca.crt" },
    ]);
    expect(cron.jobTemplate.spec.template.spec.volumes).toEqual([
      { name: "tmp", emptyDir: {} },
      { name: "talos", secret: { secretName: "talos-backup" } },
      { name: "ca", secret: { secretName: "talos-backup-s3", items: [{ key: "ca.crt", path: "ca.crt" }] } },
    ]);
  });
});

describe("the app table", () => {
  test("an eighth app adds its eight resources and changes no other resource", async () => {
    const inventory = readInventory() as any;
    inventory.backups.apps.navidrome = { schedule: "daily", capacity: "2Gi" };
    const byUrn = (p: Plan) =>
      new Map(p.resources.map((r) => [r.urn, { inputs: r.inputs, options: r.options, deps: r.dependencies }]));
    const [before, after] = [byUrn(plan), byUrn(await renderProgram({ inventory }))];
    const added = [...after.keys()]
      .filter((urn) => !before.has(urn))
      .map((urn) => urn.split("::").slice(-2).join("::").split("$").pop())
      .sort();
    expect(added).toEqual([
      "kubernetes:batch/v1:Job::portkey-navidrome-check",
      "kubernetes:batch/v1:Job::portkey-navidrome-gate",
      "kubernetes:core/v1:Namespace::portkey-ns-navidrome",
      "kubernetes:core/v1:Secret::portkey-navidrome-restic",
      "kubernetes:core/v1:ServiceAccount::portkey-navidrome-restore-gate",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::portkey-navidrome-restore-gate",
      "kubernetes:volsync.backube/v1alpha1:ReplicationDestination::portkey-navidrome-dst",
      "kubernetes:volsync.backube/v1alpha1:ReplicationSource::portkey-navidrome-src",
    ]);
    expect([...before.keys()].filter((urn) => !after.has(urn))).toEqual([]);
    expect(
      [...before.keys()].filter((urn) => JSON.stringify(before.get(urn)) !== JSON.stringify(after.get(urn))),
    ).toEqual([]);
  });

  test("an app's repository is <repository>/<app>, with the password and S3 credentials beside it", () => {
    expect(
      resticSecretData({
        repository: "s3:https://s3.portkey.home/volsync",
        app: "paperless",
        credentials: { password: "p", s3AccessKeyId: "k", s3SecretAccessKey: "s" },
      }),
    ).toEqual({
      RESTIC_REPOSITORY: "s3:https://s3.portkey.home/volsync/paperless",
      RESTIC_PASSWORD: "p",
      AWS_ACCESS_KEY_ID: "k",
      AWS_SECRET_ACCESS_KEY: "s",
    });
  });
});
