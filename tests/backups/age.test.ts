// The etcd snapshots' recipient, derived from the age identity (infra/backups/age.ts): against
// Node's own X25519 for fresh key pairs, against what age-keygen -y printed for the offline plan's
// placeholder (siteFacts.ts), and refusing what is no identity. The backups suite checks it against
// the real age-keygen and age as well (npm run test:backups).
import { generateKeyPairSync } from "crypto";
import { ageIdentity, ageIdentityProblem, ageRecipient, bech32Encode } from "../../infra/backups/age";
import { testAgePublicKey } from "./siteFacts";

const raw = (jwk: string | undefined) => Buffer.from(jwk!, "base64url");

test("the recipient is the X25519 public key of the identity's private key, in age's Bech32", () => {
  for (let i = 0; i < 5; i++) {
    const { privateKey, publicKey } = generateKeyPairSync("x25519");
    const identity = ageIdentity(raw(privateKey.export({ format: "jwk" }).d));
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(ageRecipient(identity)).toBe(bech32Encode("age", raw(publicKey.export({ format: "jwk" }).x)));
  }
});

test("the offline plan's placeholder identity gives what age-keygen -y gave for it", () => {
  expect(ageRecipient(ageIdentity(Buffer.alloc(32, 1)))).toBe(testAgePublicKey);
});

test("a changed character, a recipient, mixed case or a short key is no identity", () => {
  const identity = ageIdentity(Buffer.alloc(32, 1));
  const changed = `${identity.slice(0, 20)}${identity[20] === "Q" ? "P" : "Q"}${identity.slice(21)}`;
  for (const bad of [
    changed,
    testAgePublicKey,
    identity.slice(0, 20) + identity.slice(20).toLowerCase(),
    ageIdentity(Buffer.alloc(16, 1)),
  ])
    expect(ageIdentityProblem(bad)).toBe("is not an age identity (AGE-SECRET-KEY-1… as age-keygen prints it)");
  expect(ageIdentityProblem(identity)).toBeUndefined();
  expect(ageIdentityProblem(identity.toLowerCase())).toBeUndefined();
});
