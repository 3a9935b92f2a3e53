// Throwaway certificates for suites and tests that run real TLS on loopback: a CA and the
// certificates it signs, made by openssl in a directory the caller owns and removes.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const p256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A self-signed CA valid two days: `<name>.crt` and `<name>.key` in `dir`. */
export function makeCa(dir: string, name: string): void {
  openssl(dir, [
    "req",
    "-x509",
    ...p256,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
  ]);
}

/**
 * A certificate for `subject` signed by the CA `ca` (made by makeCa in the same directory):
 * `<name>.crt` and `<name>.key`. `extension` is an openssl extension file's text, e.g. a subjectAltName.
 */
export function issue(dir: string, name: string, subject: string, ca: string, extension?: string): void {
  openssl(dir, ["req", "-new", ...p256, "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`]);
  if (extension) fs.writeFileSync(path.join(dir, `${name}.ext`), extension);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "2",
    "-out",
    `${name}.crt`,
    ...(extension ? ["-extfile", `${name}.ext`] : []),
  ]);
}
