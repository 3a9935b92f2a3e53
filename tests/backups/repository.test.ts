// The repository Secret and the fingerprints the check's spec carries.
import { fingerprint, repositoryFingerprint, resticSecretData } from "../../infra/backups/repository";
import { testCaCert } from "./siteFacts";

const credentials = { password: "p", s3AccessKeyId: "k", s3SecretAccessKey: "s" };

test("with backups.caCert the Secret also carries ca.crt, the key customCA and RESTIC_CACERT name", () => {
  expect(
    Object.keys(
      resticSecretData({
        repository: "s3:https://s3.portkey.home/volsync",
        app: "grocy",
        credentials,
        caCert: testCaCert,
      }),
    ),
  ).toEqual(["RESTIC_REPOSITORY", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ca.crt"]);
});

test("a fingerprint moves with every part and keeps parts apart", () => {
  const base = fingerprint(["p", "k", "s"]);
  expect(
    [fingerprint(["p2", "k", "s"]), fingerprint(["p", "k2", "s"]), fingerprint(["p", "k", "s2"])].filter(
      (f) => f === base,
    ),
  ).toEqual([]);
  expect(fingerprint(["ab", "c"])).not.toBe(fingerprint(["a", "bc"]));
  expect(base).toBe(fingerprint(["p", "k", "s"]));
});

test("the repository fingerprint moves when the CA is added", () => {
  const url = "s3:https://s3.portkey.home/volsync/grocy";
  expect(repositoryFingerprint(url, testCaCert)).not.toBe(repositoryFingerprint(url));
});
