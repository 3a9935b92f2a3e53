// Fake provider answers for the talos layer's resource types and invokes: deterministic values
// shaped like the real provider's (base64 PEM credentials, kubeconfig and talosconfig YAML, a
// generated machine config that carries the patches). Secret leaves are wrapped
// secret, as the provider schema marks them.
import { createHash } from "crypto";
import { parseAllDocuments, stringify } from "yaml";
import { plain, secret } from "../wire";
import type { FakeCall, FakeResource } from "./types";
import { talosTokens } from "../../infra/tokens";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** A base64 "PEM" that is recognisably fake but has the real shape. */
const pem = (label: string, what: string) =>
  Buffer.from(`-----BEGIN ${label}-----\n${sha256(what)}\n-----END ${label}-----\n`).toString("base64");
const pair = (what: string) => ({
  cert: pem("CERTIFICATE", what),
  key: secret(pem("ED25519 PRIVATE KEY", what)),
});

function clientConfiguration(seed: string) {
  return {
    caCertificate: pem("CERTIFICATE", `${seed}-os-ca`),
    clientCertificate: pem("CERTIFICATE", `${seed}-admin`),
    clientKey: secret(pem("ED25519 PRIVATE KEY", `${seed}-admin`)),
  };
}

function deepMerge(base: any, patch: any): any {
  if (
    !base ||
    typeof base !== "object" ||
    Array.isArray(base) ||
    !patch ||
    typeof patch !== "object" ||
    Array.isArray(patch)
  )
    return patch;
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

export const talosResources: Record<string, FakeResource> = {
  [talosTokens.secrets]: ({ name, inputs }) => ({
    id: "machine_secrets",
    outputs: {
      talosVersion: inputs.talosVersion,
      clientConfiguration: clientConfiguration(name),
      machineSecrets: {
        certs: {
          etcd: pair(`${name}-etcd`),
          k8s: pair(`${name}-k8s`),
          k8sAggregator: pair(`${name}-aggregator`),
          k8sServiceaccount: { key: secret(pem("EC PRIVATE KEY", `${name}-sa`)) },
          os: pair(`${name}-os`),
        },
        cluster: {
          id: Buffer.from(sha256(`${name}-id`))
            .toString("base64")
            .slice(0, 44),
          secret: secret(sha256(`${name}-secret`)),
        },
        secrets: {
          bootstrapToken: secret(`${sha256(name).slice(0, 6)}.${sha256(name).slice(6, 22)}`),
          secretboxEncryptionSecret: secret(
            Buffer.from(sha256(`${name}-box`))
              .toString("base64")
              .slice(0, 44),
          ),
        },
        trustdinfo: {
          token: secret(`${sha256(`${name}-trustd`).slice(0, 6)}.${sha256(`${name}-trustd`).slice(6, 22)}`),
        },
      },
    },
  }),
  [talosTokens.configurationApply]: ({ inputs }) => {
    const config = String(plain(inputs.machineConfigurationInput) ?? "");
    return {
      id: "machine_configuration_apply",
      outputs: {
        endpoint: inputs.endpoint ?? inputs.node,
        applyMode: inputs.applyMode ?? "auto",
        resolvedApplyMode: "auto",
        machineConfiguration: config,
        machineConfigurationHash: sha256(config),
      },
    };
  },
  [talosTokens.bootstrap]: ({ inputs }) => ({
    id: "machine_bootstrap",
    outputs: { endpoint: inputs.endpoint ?? inputs.node },
  }),
  [talosTokens.kubeconfig]: ({ inputs }) => {
    const host = `https://${plain(inputs.endpoint ?? inputs.node)}:6443`;
    const client = clientConfiguration("kubernetes-admin");
    const raw = stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "admin@portkey",
      clusters: [
        { name: "portkey", cluster: { server: host, "certificate-authority-data": pem("CERTIFICATE", "k8s-ca") } },
      ],
      users: [
        {
          name: "admin@portkey",
          user: {
            "client-certificate-data": client.clientCertificate,
            "client-key-data": pem("EC PRIVATE KEY", "k8s-admin"),
          },
        },
      ],
      contexts: [
        { name: "admin@portkey", context: { cluster: "portkey", namespace: "default", user: "admin@portkey" } },
      ],
    });
    return {
      id: "portkey",
      outputs: {
        certificateRenewalDuration: "720h",
        kubeconfigRaw: secret(raw),
        kubernetesClientConfiguration: {
          host,
          caCertificate: pem("CERTIFICATE", "k8s-ca"),
          clientCertificate: client.clientCertificate,
          clientKey: client.clientKey,
        },
      },
    };
  },
};

export const talosCalls: Record<string, FakeCall> = {
  [talosTokens.getConfiguration]: (raw) => {
    const inputs = plain(raw);
    const docs = (inputs.configPatches ?? []).flatMap((p: string) => parseAllDocuments(p).map((d) => d.toJSON()));
    const base = {
      version: "v1alpha1",
      debug: false,
      persist: true,
      machine: {
        type: inputs.machineType,
        token: inputs.machineSecrets?.trustdinfo?.token,
        kubelet: { image: `ghcr.io/siderolabs/kubelet:v${inputs.kubernetesVersion}` },
      },
      cluster: {
        id: inputs.machineSecrets?.cluster?.id,
        clusterName: inputs.clusterName,
        controlPlane: { endpoint: inputs.clusterEndpoint },
      },
    };
    const merged = docs.filter((d: any) => !d.kind).reduce(deepMerge, base);
    const text = [merged, ...docs.filter((d: any) => d.kind)].map((d) => stringify(d)).join("---\n");
    return { ...raw, id: inputs.clusterName, machineConfiguration: secret(text) };
  },
  [talosTokens.getClientConfiguration]: (raw) => {
    const inputs = plain(raw);
    const cc = inputs.clientConfiguration ?? {};
    const talosConfig = stringify({
      context: inputs.clusterName,
      contexts: {
        [inputs.clusterName]: {
          endpoints: inputs.endpoints ?? [],
          nodes: inputs.nodes ?? [],
          ca: cc.caCertificate,
          crt: cc.clientCertificate,
          key: cc.clientKey,
        },
      },
    });
    return { ...raw, id: inputs.clusterName, talosConfig: secret(talosConfig) };
  },
  [talosTokens.getHealth]: (raw) => ({ ...raw, id: "cluster_health" }),
};
