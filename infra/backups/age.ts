// age keys for the etcd snapshots: the recipient (public key) talos-backup encrypts to, derived
// from the identity (private key) the operator set once as the secret `etcdBackupAgeIdentity`.
// An X25519 identity is Bech32 with the prefix "AGE-SECRET-KEY-" (upper case, as age-keygen
// prints it), its recipient Bech32 with "age" of the X25519 public key (https://age-encryption.org/v1,
// "X25519 recipient type"). Bech32 is BIP 173's, checksum constant 1.
import { createPrivateKey, createPublicKey } from "crypto";

const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= generator[i];
  }
  return chk >>> 0;
}

const expand = (hrp: string) =>
  [...hrp]
    .map((c) => c.charCodeAt(0) >> 5)
    .concat(
      [0],
      [...hrp].map((c) => c.charCodeAt(0) & 31),
    );

/** Regroups bits: 8 to 5 when encoding, 5 to 8 (no padding left over) when decoding. */
function regroup(data: number[], from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const v of data) {
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & ((1 << to) - 1));
    }
  }
  if (pad && bits > 0) out.push((acc << (to - bits)) & ((1 << to) - 1));
  else if (!pad && (bits >= from || ((acc << (to - bits)) & ((1 << to) - 1)) !== 0)) return undefined;
  return out;
}

export function bech32Encode(hrp: string, bytes: Buffer): string {
  const data = regroup([...bytes], 8, 5, true)!;
  const checksum = polymod([...expand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = [0, 1, 2, 3, 4, 5].map((i) => (checksum >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...check].map((d) => charset[d]).join("")}`;
}

/** The bytes of a Bech32 string with prefix `hrp` (either case, not mixed), or undefined. */
export function bech32Decode(text: string, hrp: string): Buffer | undefined {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return undefined;
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf("1");
  if (lower.slice(0, sep) !== hrp.toLowerCase() || lower.length - sep - 1 < 6) return undefined;
  const data = [...lower.slice(sep + 1)].map((c) => charset.indexOf(c));
  if (data.some((d) => d < 0) || polymod([...expand(hrp.toLowerCase()), ...data]) !== 1) return undefined;
  const bytes = regroup(data.slice(0, -6), 5, 8, false);
  return bytes && Buffer.from(bytes);
}

const identityPrefix = "AGE-SECRET-KEY-";
// PKCS #8 of an X25519 private key (RFC 8410): this header, then the 32 key bytes.
const pkcs8X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");

/** Why `identity` is not an age X25519 identity, or undefined when it is one. Never shows the key. */
export function ageIdentityProblem(identity: string): string | undefined {
  const key = bech32Decode(identity.trim(), identityPrefix);
  return key?.length === 32 ? undefined : "is not an age identity (AGE-SECRET-KEY-1… as age-keygen prints it)";
}

/** The age recipient (age1…) of an X25519 identity (AGE-SECRET-KEY-1…). */
export function ageRecipient(identity: string): string {
  const key = bech32Decode(identity.trim(), identityPrefix);
  if (key?.length !== 32) throw new Error("etcdBackupAgeIdentity is not an age identity");
  const privateKey = createPrivateKey({ key: Buffer.concat([pkcs8X25519, key]), format: "der", type: "pkcs8" });
  const spki = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return bech32Encode("age", spki.subarray(spki.length - 32));
}

/** The identity of a 32-byte X25519 key, as age-keygen prints it. */
export function ageIdentity(key: Buffer): string {
  return bech32Encode(identityPrefix.toLowerCase(), key).toUpperCase();
}
