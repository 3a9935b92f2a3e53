// Inventory values the backup tests add to the prod inventory: a CA certificate (self-signed, made
// for these tests; its key was discarded), an age public key (its private key was discarded), and
// an etcd section that uses them.
export const testCaCert = `-----BEGIN CERTIFICATE-----
MIIBjDCCATGgAwIBAgIUITNIB2l65+ss2jpoR1HEBcCCM+UwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPcG9ydGtleSB0ZXN0IENBMCAXDTI2MTEyNjEwNDA0MFoYDzIx
MjYxMTAyMTA0MDQwWjAaMRgwFgYDVQQDDA9wb3J0a2V5IHRlc3QgQ0EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAARkPTDLzUKjUKTmjN1MZor50wrVWqKpeZYXf1BN
wfilvVGnR4JYK1O6It1KQAzPZHF2biiawdtbOuJCjDvxgPvVo1MwUTAdBgNVHQ4E
FgQUpNMWloGkCERwf1Pui7oMIpL05NQwHwYDVR0jBBgwFoAUpNMWloGkCERwf1Pu
i7oMIpL05NQwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEA6YpB
psNipyC5vJxBJzeO1UzZ4nFBscM0MLAqPcjhrfoCIQDFwpMHj9uhGErmz64K4KeO
qDgFGYyNF8CvB1OF5o9gYw==
-----END CERTIFICATE-----
`;

/**
 * The recipient of the offline plan's placeholder identity (planner/stackFile.ts: 32 bytes of 0x01),
 * as age-keygen -y (age 1.1.1) prints it for AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZ9K4CN.
 */
export const testAgePublicKey = "age15nsf9y4k28p83wth93tf7hafhvfajp45d2mge80ems45gz0c5gys3me64l";

export const testEtcd = {
  schedule: "30 */6 * * *",
  endpoint: "https://s3.portkey.home",
  bucket: "etcd",
  prefix: "portkey",
};
