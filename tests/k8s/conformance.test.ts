// Upstream contracts: what the platform sends to each chart and each CRD, checked against the
// charts' values files / schemas and the CRDs' openAPIV3Schema in ../shared/fixtures/k8s.
import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import {
  describeConformance,
  readFixtureJson,
  readFixtureText,
  readFixtureYaml,
  readFixtureYamlDocuments,
} from "../fixtures";
import { siteConfig } from "../site";
import { argocdValues } from "../../infra/k8s/argocd";
import { cephfsValues, rbdValues } from "../../infra/k8s/cephCsi";
import { ciliumValues } from "../../infra/k8s/cilium";
import { intelOperatorValues } from "../../infra/k8s/intelGpu";
import { nfsValues } from "../../infra/k8s/nfs";
import { snapshotControllerValues } from "../../infra/k8s/snapshots";
import { gpuCrdUrl } from "../../infra/k8s/intelCrd";
import { ciliumChartVersion, intelDevicePluginsOperatorChartVersion } from "../../infra/versions";
import type { Plan } from "../../planner/plan";
import { crdVersions, CrdVersion, undeclaredKeyPaths, undeclaredSchemaPaths } from "./helpers";
import { prodPlan } from "../plans";

function ajv(): Ajv {
  // Kubernetes schemas carry x-kubernetes-* keywords; strict mode would reject them.
  const a = new Ajv({ strict: false, allErrors: true });
  addFormats(a);
  a.addFormat("cidr", /^(\d{1,3})(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$|^[0-9a-fA-F:]+\/\d{1,3}$/);
  return a;
}

const ciliumSchemaFile = `k8s/cilium/cilium-${ciliumChartVersion}-values.schema.json`;

describeConformance("Cilium values against the chart's values.schema.json", () => {
  const values = ciliumValues(siteConfig().platform);
  const schema = readFixtureJson<object>(ciliumSchemaFile);
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = ajv().compile(schema); // a large schema: compiled once for the tests below
  });

  test(`validate against ${ciliumSchemaFile} (the pinned chart's own schema)`, () => {
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  test("a wrongly typed value fails the schema (kubeProxyReplacement must be string or boolean)", () => {
    expect(validate({ ...values, kubeProxyReplacement: 1 })).toBe(false);
  });

  test("every key path set is declared in the schema", () => {
    expect(undeclaredSchemaPaths(values, schema)).toEqual([]);
  });

  test("a misspelled key is caught by the key-path walk, though the schema itself allows extra keys", () => {
    const typo = {
      ...values,
      l2anouncements: { enabled: true },
      hubble: { ...values.hubble, realy: { enabled: true } },
    };
    expect(validate(typo)).toBe(true);
    expect(undeclaredSchemaPaths(typo, schema).sort()).toEqual(["hubble.realy", "l2anouncements"]);
  });
});

// cert-manager is the one chart without a values fixture in ../shared/fixtures; it sets only
// `crds.enabled` (present in cert-manager's deploy/charts/cert-manager/values.yaml since v1.15).
const charts: Array<[string, string, () => Record<string, unknown>]> = [
  ["ceph-csi-rbd", "k8s/ceph-csi/ceph-csi-rbd-values.yaml", () => rbdValues(siteConfig().storage.ceph)],
  ["ceph-csi-cephfs", "k8s/ceph-csi/ceph-csi-cephfs-values.yaml", () => cephfsValues(siteConfig().storage.ceph)],
  ["snapshot-controller", "k8s/snapshot-controller/piraeus-snapshot-controller-values.yaml", snapshotControllerValues],
  ["csi-driver-nfs", "k8s/nfs/csi-driver-nfs-values.yaml", nfsValues],
  [
    "intel-device-plugins-operator",
    "k8s/intel-device-plugins/intel-device-plugins-operator-values.yaml",
    intelOperatorValues,
  ],
  ["argo-cd", "k8s/argocd/argo-cd-chart-values.yaml", () => argocdValues(siteConfig().platform, "$2a$10$hash")],
];

describeConformance("every values key set for a chart exists in that chart's values.yaml", () => {
  test.each(charts)("%s: all key paths are declared", (_chart, file, values) => {
    expect(undeclaredKeyPaths(values(), readFixtureYaml(file))).toEqual([]);
  });

  test.each(charts)("%s: a misspelled top-level key fails", (_chart, file, values) => {
    const v = values();
    const [first] = Object.keys(v);
    const typo = { ...v, [first.slice(0, -1)]: v[first] };
    expect(undeclaredKeyPaths(typo, readFixtureYaml(file))).toEqual([first.slice(0, -1)]);
  });

  test("misspelled nested keys fail: server.service.tpye (argo-cd), provisioner.replicaCuont (ceph-csi-rbd)", () => {
    const argo = argocdValues(siteConfig().platform, "h");
    const argoTypo = { ...argo, server: { service: { ...argo.server.service, tpye: "LoadBalancer" } } };
    expect(undeclaredKeyPaths(argoTypo, readFixtureYaml(charts[5][1]))).toEqual(["server.service.tpye"]);
    const rbd = rbdValues(siteConfig().storage.ceph);
    expect(undeclaredKeyPaths({ ...rbd, provisioner: { replicaCuont: 2 } }, readFixtureYaml(charts[0][1]))).toEqual([
      "provisioner.replicaCuont",
    ]);
  });
});

/** CRD fixture per custom kind the program emits (the platform's and the backups layer's). */
const crdFiles: Record<string, string> = {
  ReplicationSource: "k8s/volsync/volsync.backube_replicationsources.yaml",
  ReplicationDestination: "k8s/volsync/volsync.backube_replicationdestinations.yaml",
  CiliumLoadBalancerIPPool: "k8s/cilium/ciliumloadbalancerippools.yaml",
  CiliumL2AnnouncementPolicy: "k8s/cilium/ciliuml2announcementpolicies.yaml",
  VolumeSnapshotClass: "k8s/snapshot-controller/snapshot.storage.k8s.io_volumesnapshotclasses.yaml",
  GpuDevicePlugin: "k8s/intel-device-plugins/chart-crds-deviceplugin.intel.com_gpudeviceplugins.yaml",
  Application: "k8s/argocd/application-crd.yaml",
};
/** The CRD of the pinned project release (SOURCES.md), which the Intel CRD Job applies. */
const releasedGpuCrd = "k8s/intel-device-plugins/deviceplugin.intel.com_gpudeviceplugins.yaml";
// talos.dev: Talos serves its ServiceAccount kind itself (no chart, no CRD fixture); its one object
// is checked field by field in tests/backups/backups.test.ts.
const builtinGroups =
  /^kubernetes:(core|apps|batch|rbac\.authorization\.k8s\.io|storage\.k8s\.io|helm\.sh|talos\.dev)\//;

describeConformance("every custom resource of the program validates against its CRD's served version", () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = prodPlan();
  });
  const customResources = () =>
    plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !builtinGroups.test(r.type));

  test("the plan emits exactly these custom kinds: pool, L2 policy, two snapshot classes, GPU plugin, root app, and a restore and a backup per app", () => {
    expect(
      customResources()
        .map((r) => r.inputs.kind)
        .sort(),
    ).toEqual([
      "Application",
      "CiliumL2AnnouncementPolicy",
      "CiliumLoadBalancerIPPool",
      "GpuDevicePlugin",
      ...Array(7).fill("ReplicationDestination"),
      ...Array(7).fill("ReplicationSource"),
      "VolumeSnapshotClass",
      "VolumeSnapshotClass",
    ]);
  });

  test("each custom resource's apiVersion is served by its CRD and the object matches that version's schema", () => {
    const failures: string[] = [];
    // Each CRD parsed and each served version's schema compiled once, however many objects use it.
    const versions = new Map<string, CrdVersion[]>();
    const validators = new Map<CrdVersion, ValidateFunction>();
    const checker = ajv();
    for (const r of customResources()) {
      const kind = String(r.inputs.kind);
      const [group, version] = String(r.inputs.apiVersion).split("/");
      if (!versions.has(kind)) versions.set(kind, crdVersions(readFixtureYamlDocuments(crdFiles[kind])));
      const served = versions.get(kind)!.find((v) => v.group === group && v.version === version && v.kind === kind);
      if (!served) {
        failures.push(`${r.name}: ${r.inputs.apiVersion} ${kind} is not served`);
        continue;
      }
      if (!validators.has(served)) validators.set(served, checker.compile(served.schema));
      const validate = validators.get(served)!;
      if (!validate(r.inputs)) failures.push(`${r.name}: ${checker.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  test("a pool in the removed spec.cidrs form fails the v2 CRD schema (the check can fail)", () => {
    const v2 = crdVersions(readFixtureYamlDocuments(crdFiles.CiliumLoadBalancerIPPool)).find(
      (v) => v.version === "v2",
    )!;
    const datree = readFixtureJson<object>("k8s/cilium/datree-ciliumloadbalancerippool_v2.json");
    const old = {
      apiVersion: "cilium.io/v2",
      kind: "CiliumLoadBalancerIPPool",
      metadata: { name: "p" },
      spec: { cidrs: [{ cidr: "192.168.0.224/27" }] },
    };
    expect(ajv().compile(datree)(old)).toBe(false);
    expect(ajv().compile(v2.schema)({ ...old, spec: { blocks: [{ cidr: "not-a-cidr" }] } })).toBe(false);
  });

  test("the GpuDevicePlugin also matches the CRD the Job applies: the pinned release's, not the chart's crds/", () => {
    const gpu = customResources().find((r) => r.inputs.kind === "GpuDevicePlugin")!;
    const released = crdVersions(readFixtureYamlDocuments(releasedGpuCrd)).find((v) => v.version === "v1")!;
    const validate = ajv().compile(released.schema);
    expect(validate(gpu.inputs) ? [] : validate.errors).toEqual([]);
  });

  test("the Job applies the file that fixture was taken from: same path, tag v<pinned chart version>", () => {
    const line = readFixtureText("k8s/SOURCES.md")
      .split("\n")
      .find((l) => l.startsWith(`- ${releasedGpuCrd.split("/").pop()} <-`))!;
    const [, repo, file, tag] = /<- ([\w-]+\/[\w-]+), (\S+), tag (v[\d.]+)/.exec(line)!;
    expect(tag).toBe(`v${intelDevicePluginsOperatorChartVersion}`);
    expect(gpuCrdUrl(intelDevicePluginsOperatorChartVersion)).toBe(
      `https://raw.githubusercontent.com/${repo}/${tag}/${file}`,
    );
  });

  test("a GpuDevicePlugin with sharedDevNum 0 fails its CRD schema (minimum 1)", () => {
    const gpu = customResources().find((r) => r.inputs.kind === "GpuDevicePlugin")!;
    const v1 = crdVersions(readFixtureYamlDocuments(crdFiles.GpuDevicePlugin)).find((v) => v.version === "v1")!;
    const spec = gpu.inputs.spec as Record<string, unknown>;
    expect(ajv().compile(v1.schema)({ ...gpu.inputs, spec: { ...spec, sharedDevNum: 0 } })).toBe(false);
  });
});
