// The Intel CRD Job's fetch step (infra/k8s/intelCrd.ts fetchScript) run by python3 against a
// real HTTPS server on loopback with a CA made for this run: the file arrives when the server's
// certificate is trusted, and the step fails, leaving no file, for an untrusted certificate and for
// an answer that is not 2xx.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { fetchScript } from "../../infra/k8s/intelCrd";
import { issue, makeCa } from "../../scripts/pki";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-intel-fetch-"));
const file = (name: string) => path.join(dir, name);
const crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n";
let server: https.Server;
let port: number;

beforeAll(async () => {
  makeCa(dir, "ca");
  makeCa(dir, "other-ca");
  issue(dir, "server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1\n");
  server = https.createServer(
    { key: fs.readFileSync(file("server.key")), cert: fs.readFileSync(file("server.crt")) },
    (req, res) => {
      if (req.url === "/crd.yaml") res.end(crd);
      else res.writeHead(404).end("404: Not Found");
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function fetch(urlPath: string, trust: string) {
  const out = file(`out-${Math.random().toString(36).slice(2)}.yaml`);
  // Asynchronously: the server answers from this process.
  const child = spawn("python3", ["-c", fetchScript(`https://127.0.0.1:${port}${urlPath}`, out)], {
    env: { PATH: process.env.PATH, SSL_CERT_FILE: file(`${trust}.crt`) },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const code: number = await new Promise((resolve) => child.on("close", resolve));
  return { code, stderr, content: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined };
}

test("python3 is here to run the step", () => {
  expect(spawnSync("python3", ["--version"]).status).toBe(0);
});

test("a trusted server's file arrives byte for byte", async () => {
  expect(await fetch("/crd.yaml", "ca")).toEqual({ code: 0, stderr: "", content: crd });
});

test("an untrusted certificate fails the step before anything is written", async () => {
  const r = await fetch("/crd.yaml", "other-ca");
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("CERTIFICATE_VERIFY_FAILED");
  expect(r.content).toBeUndefined();
});

test("a 404 fails the step before anything is written", async () => {
  const r = await fetch("/no-such-release.yaml", "ca");
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("HTTP Error 404");
  expect(r.content).toBeUndefined();
});
