// The backups layer's plan with the prod inventory, and with a CA, etcd snapshots and one bumped
// restoreRun: one restore, one gate and one backup per app, valid against the VolSync CRDs, in the
// restore-first order, each trusting the CA when there is one.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as path from "path";
import { gateRules } from "../../infra/backups/gate";
import { repositoryFingerprint } from "../../infra/backups/repository";
import { describeConformance, readFixtureYaml } from "../fixtures";
import { Plan, PlanResource, renderPlan } from "../harness/plan";
import { readInventory } from "../harness/stackConfig";
import { testCaCert, testEtcd } from "./siteFacts";

const entry = path.join(__dirname, "programs", "backupsOnly.ts");
const apps = ["babybuddy", "grocy", "homeassistant", "mosquitto", "paperless", "vaultwarden", "zigbee2mqtt"];
let plan: Plan;
let withCa: Plan;
beforeAll(async () => {
  plan = await renderPlan({ entry });
  const inventory = readInventory() as any;
  inventory.backups.caCert = testCaCert;
  inventory.backups.etcd = testEtcd;
  inventory.backups.apps.grocy.restoreRun = 1;
  withCa = await renderPlan({ entry, inventory });
});

const ofKind = (p: Plan, kind: string) => p.resources.filter((r) => r.type.endsWith(`:${kind}`));
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
  const secrets = ofKind(plan, "Secret");
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

test("guard order: Secret → check → restore → gate → backup; VolSync waits for no platform resource", () => {
  const deps = (p: Plan, r: PlanResource) =>
    r.dependencies.map((urn) => p.resources.find((x) => x.urn === urn)!.name).sort();
  const specDeps = (a: string) => [
    `portkey-${a}-restic`,
    `portkey-ns-${a}`,
    "platform-ceph-block",
    "platform-ceph-block-snapshot",
    "portkey-volsync",
  ];
  for (const a of apps) {
    expect({
      check: deps(plan, named(plan, `portkey-${a}-check`, "Job")),
      restore: deps(plan, named(plan, `portkey-${a}-dst`, "ReplicationDestination")),
      gate: deps(plan, named(plan, `portkey-${a}-gate`, "Job")),
      backup: deps(plan, named(plan, `portkey-${a}-src`, "ReplicationSource")),
    }).toEqual({
      check: [`portkey-ns-${a}`, `portkey-${a}-restic`].sort(),
      // The VolSync CRDs, and the classes their specs name (the snapshot class waits for the
      // snapshot controller), besides their own step of the guard.
      restore: [`portkey-${a}-check`, ...specDeps(a)].sort(),
      gate: [`portkey-${a}-dst`, `portkey-${a}-restore-gate`, `portkey-${a}-restore-gate`, `portkey-ns-${a}`].sort(),
      backup: [`portkey-${a}-gate`, ...specDeps(a)].sort(),
    });
  }
  expect(named(plan, "portkey-volsync", "Release").dependencies.map((u) => u.split("::").pop())).toEqual([
    "portkey-volsync",
  ]);
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

test("without backups.etcd (the prod inventory until its age key is filled in) no etcd snapshot objects exist", () => {
  expect(plan.resources.filter((r) => r.name.includes("talos-backup")).map((r) => r.name)).toEqual([]);
  expect(withCa.resources.filter((r) => r.name.includes("talos-backup")).map((r) => r.name)).toHaveLength(4);
});

test("backups run unpaused in phase restore, paused in phase paused", async () => {
  const inventory = readInventory() as any;
  inventory.backups.apps.grocy.phase = "paused";
  const paused = await renderPlan({ entry, inventory });
  expect(byApp(plan, "ReplicationSource", (r) => spec(r).paused)).toEqual(forEachApp(() => false));
  expect(byApp(paused, "ReplicationSource", (r) => spec(r).paused)).toEqual(forEachApp((a) => a === "grocy"));
});

describeConformance("VolSync CRD schemas", () => {
  const validator = (file: string) => {
    const crd = readFixtureYaml<any>(`k8s/volsync/${file}`);
    const version = crd.spec.versions.find((v: any) => v.served && v.storage);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    return { version: `${crd.spec.group}/${version.name}`, validate: ajv.compile(version.schema.openAPIV3Schema) };
  };

  test.each([
    ["ReplicationSource", "volsync.backube_replicationsources.yaml"],
    ["ReplicationDestination", "volsync.backube_replicationdestinations.yaml"],
  ])("every %s, with and without a CA, is valid against the served version of its CRD", (kind, file) => {
    const { version, validate } = validator(file);
    const objects = [...ofKind(plan, kind), ...ofKind(withCa, kind)];
    expect(objects).toHaveLength(14);
    for (const r of objects) {
      expect(r.inputs.apiVersion).toBe(version);
      const { apiVersion, kind: k, spec: s } = r.inputs as any;
      expect({ ok: validate({ apiVersion, kind: k, spec: s }), errors: validate.errors ?? null }).toEqual({
        ok: true,
        errors: null,
      });
    }
  });

  test("the schema check can fail: a copyMethod outside the CRD's enum is rejected", () => {
    const { validate } = validator("volsync.backube_replicationsources.yaml");
    const r = ofKind(plan, "ReplicationSource")[0].inputs as any;
    expect(validate({ ...r, spec: { ...r.spec, restic: { ...r.spec.restic, copyMethod: "Copy" } } })).toBe(false);
  });
});
