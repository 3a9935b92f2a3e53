// The backups layer's plan with the prod inventory: one restore and one backup per app, valid
// against the VolSync CRDs, in the restore-first order.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import * as path from "path";
import { describeConformance, readFixtureYaml } from "../fixtures";
import { Plan, PlanResource, renderPlan } from "../harness/plan";

const entry = path.join(__dirname, "programs", "backupsOnly.ts");
const apps = ["babybuddy", "grocy", "homeassistant", "mosquitto", "paperless", "vaultwarden", "zigbee2mqtt"];
let plan: Plan;
beforeAll(async () => {
  plan = await renderPlan({ entry });
});

const ofKind = (kind: string) => plan.resources.filter((r) => r.type === `kubernetes:volsync.backube/v1alpha1:${kind}`);
// The VolSync namespace and release share a logical name; other names are unique.
const named = (name: string, type?: string) =>
  plan.resources.find((r) => r.name === name && (!type || r.type === type))!;
const spec = (r: PlanResource) => r.inputs.spec as any;

test("one ReplicationSource and one ReplicationDestination per app, in the app's namespace", () => {
  for (const kind of ["ReplicationSource", "ReplicationDestination"]) {
    expect(
      ofKind(kind)
        .map((r) => (r.inputs.metadata as any).namespace)
        .sort(),
    ).toEqual(apps);
  }
});

test("vaultwarden backs up every 6 hours; the others daily at distinct minutes of the night", () => {
  const schedules = Object.fromEntries(
    ofKind("ReplicationSource").map((r) => [(r.inputs.metadata as any).name, spec(r).trigger.schedule]),
  );
  expect(schedules.vaultwarden).toBe("0 */6 * * *");
  const daily = apps.filter((a) => a !== "vaultwarden").map((a) => schedules[a]);
  for (const s of daily) expect(s).toMatch(/^\d{1,2} [1-4] \* \* \*$/);
  expect(new Set(daily).size).toBe(6);
});

test("retention keeps 7 days of restore points", () => {
  const retain = Object.fromEntries(
    ofKind("ReplicationSource").map((r) => [(r.inputs.metadata as any).name, spec(r).restic.retain]),
  );
  expect(retain).toEqual(
    Object.fromEntries(apps.map((a) => [a, a === "vaultwarden" ? { hourly: 28, daily: 7 } : { daily: 7 }])),
  );
});

test("the restore is a populator source: Snapshot copy, manual trigger, vaultwarden on the Retain class", () => {
  const classes = Object.fromEntries(
    ofKind("ReplicationDestination").map((r) => {
      expect(spec(r).trigger).toEqual({ manual: "restore-once" });
      expect(spec(r).restic).toMatchObject({
        copyMethod: "Snapshot",
        accessModes: ["ReadWriteOnce"],
        volumeSnapshotClassName: "ceph-block-snapshot",
      });
      return [(r.inputs.metadata as any).name, spec(r).restic.storageClassName];
    }),
  );
  expect(classes).toEqual(
    Object.fromEntries(apps.map((a) => [`${a}-dst`, a === "vaultwarden" ? "ceph-block-retain" : "ceph-block"])),
  );
});

test("each app's repository Secret is secret and protected, and the check reads it", () => {
  const secrets = plan.resources.filter((r) => r.type === "kubernetes:core/v1:Secret");
  expect(secrets.map((r) => r.name).sort()).toEqual(apps.map((a) => `portkey-${a}-restic`));
  for (const s of secrets) {
    expect(s.inputs.stringData).toBe("[secret]");
    expect(s.options.protect).toBe(true);
  }
  const check = named("portkey-paperless-check");
  expect((check.inputs.spec as any).template.spec.containers[0].envFrom).toEqual([
    { secretRef: { name: "paperless-restic" } },
  ]);
});

test("guard order: namespace → Secret → check → restore → backup, and VolSync after the snapshot class", () => {
  const release = "kubernetes:helm.sh/v3:Release";
  const urn = (name: string) => named(name, name === "portkey-volsync" ? release : undefined).urn;
  for (const a of apps) {
    expect(named(`portkey-${a}-check`).dependencies).toEqual(
      expect.arrayContaining([urn(`portkey-ns-${a}`), urn(`portkey-${a}-restic`)]),
    );
    expect(named(`portkey-${a}-dst`).dependencies).toEqual(
      expect.arrayContaining([urn(`portkey-${a}-check`), urn("portkey-volsync")]),
    );
    expect(named(`portkey-${a}-src`).dependencies).toEqual(
      expect.arrayContaining([urn(`portkey-${a}-dst`), urn("portkey-volsync")]),
    );
    expect(named(`portkey-${a}-dst`).inputs.metadata).toMatchObject({
      annotations: { "pulumi.com/waitFor": "jsonpath={.status.lastManualSync}=restore-once" },
    });
    expect(named(`portkey-${a}-check`).inputs.metadata).toMatchObject({
      annotations: { "pulumi.com/waitFor": "condition=Complete" },
    });
  }
  const volsync = plan.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
  expect(volsync).toHaveLength(1);
  expect(volsync[0].dependencies).toContain(urn("platform-ceph-block-snapshot"));
});

test("backups run unpaused in phase restore, paused in phase paused", async () => {
  const { readInventory } = await import("../harness/stackConfig");
  const inventory = readInventory();
  (inventory.backups as any).apps.grocy.phase = "paused";
  const paused = await renderPlan({ entry, inventory });
  const pausedOf = (p: Plan) =>
    Object.fromEntries(
      p.resources
        .filter((r) => r.type.endsWith(":ReplicationSource"))
        .map((r) => [(r.inputs.metadata as any).name, spec(r).paused]),
    );
  expect(pausedOf(plan)).toEqual(Object.fromEntries(apps.map((a) => [a, false])));
  expect(pausedOf(paused)).toEqual(Object.fromEntries(apps.map((a) => [a, a === "grocy"])));
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
  ])("every %s is valid against the served version of its CRD", (kind, file) => {
    const { version, validate } = validator(file);
    const objects = ofKind(kind);
    expect(objects).toHaveLength(7);
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
    const r = ofKind("ReplicationSource")[0].inputs as any;
    expect(validate({ ...r, spec: { ...r.spec, restic: { ...r.spec.restic, copyMethod: "Copy" } } })).toBe(false);
  });
});
