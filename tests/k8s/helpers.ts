// Shared helpers of the platform tests: key-path walkers against chart values files and schemas,
// the platform's resources in a plan, and CRD schema lookup.
import type { Plan, PlanResource } from "../../planner/plan";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Key paths of `values` that a chart's values.yaml does not declare. Descends while both sides are
 * objects; a declared key whose default is `{}` or null is a free-form map, so keys below it pass.
 */
export function undeclaredKeyPaths(values: Obj, reference: unknown, prefix = ""): string[] {
  const bad: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (!isObj(reference) || !(key in reference)) {
      bad.push(at);
      continue;
    }
    const ref = reference[key];
    if (isObj(value) && isObj(ref) && Object.keys(ref).length > 0) bad.push(...undeclaredKeyPaths(value, ref, at));
  }
  return bad;
}

/** The same walk against a JSON schema: a key must be among `properties` where the schema lists any. */
export function undeclaredSchemaPaths(values: Obj, schema: unknown, prefix = ""): string[] {
  const bad: string[] = [];
  const props = isObj(schema) && isObj(schema.properties) ? (schema.properties as Obj) : undefined;
  if (!props) return bad;
  for (const [key, value] of Object.entries(values)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (!(key in props)) bad.push(at);
    else if (isObj(value)) bad.push(...undeclaredSchemaPaths(value, props[key], at));
  }
  return bad;
}

/** The platform layer's Kubernetes resources (the backups layer has its own). */
export function kubernetesResources(plan: Plan): PlanResource[] {
  return plan.resources.filter(
    (r) => r.type.startsWith("kubernetes:") && r.parent?.endsWith("portkey:k8s:Platform::portkey"),
  );
}

/** "Kind/name" of each dependency, e.g. "Release/portkey-cilium", sorted. */
export function dependencyNames(plan: Plan, r: PlanResource): string[] {
  return r.dependencies
    .map((urn) => {
      const dep = plan.resources.find((x) => x.urn === urn);
      if (!dep) throw new Error(`dependency ${urn} is not in the plan`);
      return `${dep.type.split(":").pop()}/${dep.name}`;
    })
    .sort();
}

export interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  schema: Obj;
}

/** The served versions of the CustomResourceDefinitions in a fixture file. */
export function crdVersions(docs: unknown[]): CrdVersion[] {
  return docs
    .filter(isObj)
    .filter((d) => d.kind === "CustomResourceDefinition")
    .flatMap((d) => {
      const spec = d.spec as {
        group: string;
        names: { kind: string };
        versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Obj } }>;
      };
      return spec.versions
        .filter((v) => v.served)
        .map((v) => ({
          group: spec.group,
          kind: spec.names.kind,
          version: v.name,
          schema: v.schema.openAPIV3Schema,
        }));
    });
}
