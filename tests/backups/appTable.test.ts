// Adding an app to the backup table is a config change only: it adds that app's resources and
// changes no other resource's inputs or options.
import * as path from "path";
import { resticSecretData } from "../../infra/backups/repository";
import { Plan, renderPlan } from "../harness/plan";
import { readInventory } from "../harness/stackConfig";
import { twentyApps } from "./table";

const entry = path.join(__dirname, "programs", "backupsOnly.ts");

function withApps(apps: Record<string, unknown>): Record<string, unknown> {
  const inventory = readInventory();
  (inventory.backups as { apps: unknown }).apps = apps;
  return inventory;
}

const byUrn = (plan: Plan) =>
  new Map(plan.resources.map((r) => [r.urn, { inputs: r.inputs, options: r.options, deps: r.dependencies }]));

test("the 20th app adds its eight resources and leaves the other 19 apps' resources untouched", async () => {
  const all = twentyApps();
  const nineteen = Object.fromEntries(Object.entries(all).filter(([name]) => name !== "navidrome"));
  const before = byUrn(await renderPlan({ entry, inventory: withApps(nineteen) }));
  const after = byUrn(await renderPlan({ entry, inventory: withApps(all) }));

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
  const changed = [...before.keys()].filter(
    (urn) => JSON.stringify(before.get(urn)) !== JSON.stringify(after.get(urn)),
  );
  expect(changed).toEqual([]);
  // 8 per app; the component, VolSync's namespace and release, the gates' role; the stack, the
  // provider and 2 stand-ins.
  expect(before.size).toBe(19 * 8 + 4 + 4);
});

test("an app's repository is <repository>/<app>, with the password and S3 credentials beside it", () => {
  expect(
    resticSecretData("s3:https://s3.portkey.home/volsync", "paperless", {
      password: "p",
      s3AccessKeyId: "k",
      s3SecretAccessKey: "s",
    }),
  ).toEqual({
    RESTIC_REPOSITORY: "s3:https://s3.portkey.home/volsync/paperless",
    RESTIC_PASSWORD: "p",
    AWS_ACCESS_KEY_ID: "k",
    AWS_SECRET_ACCESS_KEY: "s",
  });
});
