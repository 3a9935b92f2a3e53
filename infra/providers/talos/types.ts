// Object types of the Talos provider schema that the bindings pass around
// (talos:machine/generated:*; the cluster/client clientConfiguration types have the same shape).

/** Talos API client credentials: base64 PEM. clientKey is secret. */
export interface ClientConfiguration {
  caCertificate: string;
  clientCertificate: string;
  clientKey: string;
}

export interface Certificate {
  cert: string;
  key: string;
}

/** The cluster PKI and tokens, as the Secrets resource returns them and getConfiguration takes them. */
export interface MachineSecrets {
  certs: {
    etcd: Certificate;
    k8s: Certificate;
    k8sAggregator: Certificate;
    k8sServiceaccount: { key: string };
    os: Certificate;
  };
  cluster: { id: string; secret: string };
  secrets: { bootstrapToken: string; secretboxEncryptionSecret: string; aescbcEncryptionSecret?: string };
  trustdinfo: { token: string };
}
