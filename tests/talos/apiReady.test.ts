// The API-ready wait (infra/talos/scripts/api-ready.js) against a real HTTPS server on loopback
// that checks client certificates as the API server does, with certificates made by openssl for
// this run: ready at once, ready after a few tries, never ready (the deadline), a refused
// certificate (not retried), and a server that is not listening yet.
import { spawn } from "child_process";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { apiReadyScript } from "../../infra/talos/apiReady";
import { issue, makeCa } from "../../scripts/pki";

const root = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-api-ready-"));
const file = (name: string) => path.join(dir, name);
beforeAll(() => {
  makeCa(dir, "ca");
  makeCa(dir, "other-ca");
  issue(dir, "server", "/CN=kube-apiserver", "ca", "subjectAltName=IP:127.0.0.1\n");
  issue(dir, "admin", "/O=system:masters/CN=admin", "ca");
  issue(dir, "stranger", "/CN=stranger", "other-ca");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const b64 = (name: string) => fs.readFileSync(file(name)).toString("base64");
function kubeconfig(port: number, user = "admin"): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "current-context: admin@portkey",
    "clusters:",
    "  - name: portkey",
    "    cluster:",
    `      server: https://127.0.0.1:${port}`,
    `      certificate-authority-data: ${b64("ca.crt")}`,
    "contexts:",
    "  - name: admin@portkey",
    "    context: {cluster: portkey, user: admin@portkey}",
    "users:",
    "  - name: admin@portkey",
    "    user:",
    `      client-certificate-data: ${b64(`${user}.crt`)}`,
    `      client-key-data: ${b64(`${user}.key`)}`,
    "",
  ].join("\n");
}

/** An API server whose /readyz fails `notReady` times (HTTP 500 with a failed check), then answers ok. */
async function apiServer(notReady: number) {
  let calls = 0;
  const server = https.createServer(
    {
      key: fs.readFileSync(file("server.key")),
      cert: fs.readFileSync(file("server.crt")),
      ca: fs.readFileSync(file("ca.crt")),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      calls++;
      const socket = req.socket as import("tls").TLSSocket;
      if (!socket.authorized) return res.writeHead(401).end("Unauthorized");
      if (calls <= notReady)
        return res.writeHead(500).end("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed");
      res.writeHead(200).end("ok");
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, calls: () => calls, close: () => server.close() };
}

function wait(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", [apiReadyScript], {
      cwd: root,
      env: { PATH: process.env.PATH, POLL_SECONDS: "0.05", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

test("ready at once: one request, prints only 'ready'", async () => {
  const api = await apiServer(0);
  const run = await wait({ PORTKEY_KUBECONFIG: kubeconfig(api.port), DEADLINE_SECONDS: "5" });
  api.close();
  expect([run.status, run.stdout, api.calls()]).toEqual([0, "ready\n", 1]);
});

test("ready after 3 failing /readyz answers, within the deadline", async () => {
  const api = await apiServer(3);
  const run = await wait({ PORTKEY_KUBECONFIG: kubeconfig(api.port), DEADLINE_SECONDS: "5" });
  api.close();
  expect([run.status, run.stdout, api.calls()]).toEqual([0, "ready\n", 4]);
  expect(run.stderr).toContain("HTTP 500 ([-]etcd failed: reason withheld)");
});

test("never ready: stops at the deadline naming the server, the step and the last error", async () => {
  const api = await apiServer(Number.MAX_SAFE_INTEGER);
  const run = await wait({ PORTKEY_KUBECONFIG: kubeconfig(api.port), DEADLINE_SECONDS: "1" });
  api.close();
  expect(run.status).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toContain(
    `error: https://127.0.0.1:${api.port}: waiting for the Kubernetes API server (GET /readyz): not ready within 1s (talos.healthTimeout); last error: HTTP 500 ([-]etcd failed: reason withheld)`,
  );
  expect(api.calls()).toBeGreaterThan(3);
});

test("a client certificate the server refuses is not retried", async () => {
  const api = await apiServer(0);
  const run = await wait({ PORTKEY_KUBECONFIG: kubeconfig(api.port, "stranger"), DEADLINE_SECONDS: "5" });
  api.close();
  expect([run.status, api.calls()]).toEqual([1, 1]);
  expect(run.stderr).toContain("HTTP 401; not retried (credentials or certificate)");
});

test("a server not listening yet (connection refused) is retried until it listens", async () => {
  const api = await apiServer(0);
  const port = api.port;
  api.close();
  const running = wait({ PORTKEY_KUBECONFIG: kubeconfig(port), DEADLINE_SECONDS: "5" });
  await new Promise((resolve) => setTimeout(resolve, 300));
  // The same port: the wait keeps dialling the kubeconfig's server.
  const again = https.createServer(
    {
      key: fs.readFileSync(file("server.key")),
      cert: fs.readFileSync(file("server.crt")),
      ca: fs.readFileSync(file("ca.crt")),
      requestCert: true,
    },
    (_req, res) => res.writeHead(200).end("ok"),
  );
  await new Promise<void>((resolve) => again.listen(port, "127.0.0.1", resolve));
  const run = await running;
  again.close();
  expect([run.status, run.stdout]).toEqual([0, "ready\n"]);
  expect(run.stderr).toContain("ECONNREFUSED");
});
