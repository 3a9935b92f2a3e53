// Fake provider answers for the k8s layer's resource types and invokes.
import { createHash } from "crypto";
import type { FakeCall, FakeResource } from "./types";
import { k8sTokens, otherTokens } from "../../infra/tokens";

export const k8sResources: Record<string, FakeResource> = {
  // A Helm release reports what it deployed; the id is "<namespace>/<release name>" like the provider's.
  [k8sTokens.release]: ({ name, inputs }) => {
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

// A random password is generated at apply; the fake derives a stable stand-in from the name so the
// plan stays deterministic. The resource marks `result` and `bcryptHash` secret itself.
k8sResources[otherTokens.randomPassword] = ({ name, inputs }) => {
  const result = createHash("sha256")
    .update(`fake-password:${name}`)
    .digest("base64url")
    .slice(0, Number(inputs.length ?? 32));
  return {
    id: "none",
    outputs: { result, bcryptHash: `$2a$10$${createHash("sha256").update(result).digest("base64").slice(0, 53)}` },
  };
};

export const k8sCalls: Record<string, FakeCall> = {};
