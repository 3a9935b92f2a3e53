// PEM certificate bundles, as restic's --cacert and Go's TLS stack read them: one or more
// CERTIFICATE blocks, each a base64 DER X.509 certificate, and nothing else.
import { X509Certificate } from "crypto";

const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Why `text` is not a PEM certificate bundle, or undefined when it is one. */
export function pemProblem(text: string): string | undefined {
  const blocks = [...text.matchAll(block)];
  if (blocks.length === 0) return "no -----BEGIN CERTIFICATE----- block";
  if (text.replace(block, "").trim() !== "") return "text outside the BEGIN/END blocks";
  for (const [i, [, label, body]] of blocks.entries()) {
    const which = blocks.length > 1 ? `block ${i + 1}: ` : "";
    if (label !== "CERTIFICATE") return `${which}a ${label}, not a CERTIFICATE`;
    if (!/^[A-Za-z0-9+/=\s]+$/.test(body)) return `${which}not base64`;
    try {
      new X509Certificate(Buffer.from(body.replace(/\s/g, ""), "base64"));
    } catch {
      return `${which}not an X.509 certificate`;
    }
  }
  return undefined;
}
