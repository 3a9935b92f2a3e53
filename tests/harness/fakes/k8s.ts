// Fake provider answers for the k8s layer's resource types and invokes.
import type { FakeCall, FakeResource } from "./index";

export const k8sResources: Record<string, FakeResource> = {
  // A Helm release reports what it deployed; the id is "<namespace>/<release name>" like the provider's.
  "kubernetes:helm.sh/v3:Release": ({ name, inputs }) => {
    const namespace = String(inputs.namespace ?? "default");
    const release = String(inputs.name ?? name);
    return {
      id: `${namespace}/${release}`,
      outputs: {
        status: {
          name: release,
          namespace,
          chart: inputs.chart,
          version: inputs.version,
          revision: 1,
          status: "deployed",
        },
      },
    };
  },
};

export const k8sCalls: Record<string, FakeCall> = {};
