// Waits until the Kubernetes API server answers GET /readyz with 200, through the admin kubeconfig
// the stack just fetched: the create of the API-ready command (infra/talos/apiReady.ts), between
// the health gate and the Kubernetes provider. pulumi-kubernetes makes one discovery call when it
// configures and treats the cluster as unreachable for the whole run when that fails
// (provider/pkg/provider/provider.go, Configure), so nothing may use the provider before this.
//
// Node.js, because the machine that runs `pulumi up` always has it (the program's runtime) and the
// kubeconfig is YAML read with the project's own parser; no kubectl or curl needed.
// Environment: PORTKEY_KUBECONFIG (secret), DEADLINE_SECONDS (talos.healthTimeout),
// POLL_SECONDS (default 5), REQUEST_SECONDS (default 10).
"use strict";
const https = require("https");
const YAML = require("yaml");

/** Error codes of a server that is not listening or not up yet: worth another try. */
const transientCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "REQUEST_TIMEOUT",
]);

/**
 * Transient answers: /readyz fails with 500 while a post-start hook or etcd check is pending
 * (k8s.io/apiserver pkg/server/healthz), 503 or 429 while the server is starting or shedding load.
 * 401 and 403 mean wrong credentials, a TLS verification error the wrong CA: retrying cannot help.
 */
function classify(result) {
  if (result.status === 200) return "ready";
  if (result.status === 500 || result.status === 503 || result.status === 429) return "transient";
  if (result.error && transientCodes.has(result.error.code)) return "transient";
  return "fatal";
}

/** The server, CA and client credentials of the kubeconfig's current context. */
function readKubeconfig(text) {
  const config = YAML.parse(text);
  const byName = (list, name) => (list || []).find((item) => item.name === name);
  const context = byName(config.contexts, config["current-context"]);
  if (!context) throw new Error(`the kubeconfig has no context "${config["current-context"]}"`);
  const cluster = byName(config.clusters, context.context.cluster);
  const user = byName(config.users, context.context.user);
  if (!cluster || !user) throw new Error(`the kubeconfig's context "${context.name}" names a missing cluster or user`);
  const pem = (data) => Buffer.from(data, "base64");
  return {
    server: cluster.cluster.server,
    ca: pem(cluster.cluster["certificate-authority-data"]),
    cert: pem(user.user["client-certificate-data"]),
    key: pem(user.user["client-key-data"]),
  };
}

/** One GET /readyz: resolves to { status, body } or { error }. */
function probe(target, requestSeconds) {
  return new Promise((resolve) => {
    const url = new URL("/readyz", target.server);
    const request = https.get(url, { ca: target.ca, cert: target.cert, key: target.key }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: body.trim() }));
    });
    request.setTimeout(requestSeconds * 1000, () => {
      const error = new Error(`no answer within ${requestSeconds}s`);
      error.code = "REQUEST_TIMEOUT";
      request.destroy(error);
    });
    request.on("error", (error) => resolve({ error }));
  });
}

function describe(result) {
  if (result.error) return `${result.error.code || "error"}: ${result.error.message}`;
  const firstFailed = result.body.split("\n").find((line) => line.startsWith("[-]"));
  return `HTTP ${result.status}${firstFailed ? ` (${firstFailed})` : ""}`;
}

async function main(env) {
  const deadlineSeconds = Number(env.DEADLINE_SECONDS);
  const pollSeconds = Number(env.POLL_SECONDS || 5);
  const requestSeconds = Number(env.REQUEST_SECONDS || 10);
  if (!(deadlineSeconds > 0)) throw new Error(`DEADLINE_SECONDS "${env.DEADLINE_SECONDS}" is not a positive number`);
  if (!env.PORTKEY_KUBECONFIG) throw new Error("PORTKEY_KUBECONFIG is empty");
  const target = readKubeconfig(env.PORTKEY_KUBECONFIG);
  const step = "waiting for the Kubernetes API server (GET /readyz)";
  const deadline = Date.now() + deadlineSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    const result = await probe(target, requestSeconds);
    const verdict = classify(result);
    if (verdict === "ready") {
      process.stderr.write(`the API server at ${target.server} is ready (attempt ${attempt})\n`);
      process.stdout.write("ready\n");
      return 0;
    }
    const why = describe(result);
    if (verdict === "fatal") {
      process.stderr.write(`error: ${target.server}: ${step}: ${why}; not retried (credentials or certificate)\n`);
      return 1;
    }
    if (Date.now() + pollSeconds * 1000 > deadline) {
      process.stderr.write(
        `error: ${target.server}: ${step}: not ready within ${deadlineSeconds}s (talos.healthTimeout); last error: ${why}\n`,
      );
      return 1;
    }
    process.stderr.write(`${target.server} not ready yet (${why}); next try in ${pollSeconds}s\n`);
    await new Promise((resolve) => setTimeout(resolve, pollSeconds * 1000));
  }
}

module.exports = { classify, readKubeconfig };

if (require.main === module) {
  main(process.env).then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    },
  );
}
