// The population gate's script (python3, as in VolSync's image) against a stand-in API server: it
// waits for the app's claim, refuses a claim not filled from the restore (unless fresh), then
// deletes the restore's image so a claim recreated later cannot be filled from it.
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { gateScript } from "../../infra/backups/gate";

const claimPath = "/api/v1/namespaces/paperless/persistentvolumeclaims/paperless";
const destinationPath = "/apis/volsync.backube/v1alpha1/namespaces/paperless/replicationdestinations/paperless-dst";
const imagePath =
  "/apis/snapshot.storage.k8s.io/v1/namespaces/paperless/volumesnapshots/volsync-paperless-dst-dest-202501";

const populated = {
  spec: { dataSourceRef: { kind: "ReplicationDestination", name: "paperless-dst" } },
  status: { phase: "Bound" },
};
const destination = { status: { latestImage: { kind: "VolumeSnapshot", name: "volsync-paperless-dst-dest-202501" } } };

/** Serves `claims` one per GET of the claim (the last one repeats), and records every request. */
async function gate(mode: string, claims: Array<object | undefined>, limit = 5) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const body =
      req.url === claimPath
        ? claims.length > 1
          ? claims.shift()
          : claims[0]
        : req.url === destinationPath
          ? destination
          : undefined;
    if (req.method === "DELETE" && req.url === imagePath) res.writeHead(200).end("{}");
    else if (body) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const token = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gate-")), "token");
  fs.writeFileSync(token, "t0k3n\n");
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const args = [api, token, "", "paperless", "paperless", "paperless-dst", mode, String(limit), "0"];
  const child = spawn("python3", ["-c", gateScript, ...args]);
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  server.close();
  return { status, log, requests };
}

test("waits for the claim to appear and bind, then deletes the restore's image", async () => {
  const { status, log, requests } = await gate("be-populated", [
    undefined,
    { ...populated, status: { phase: "Pending" } },
    populated,
  ]);
  expect(status).toBe(0);
  expect(requests.filter((r) => r.startsWith("DELETE"))).toEqual([`DELETE ${imagePath} Bearer t0k3n`]);
  expect(log).toContain("waiting: claim paperless does not exist yet");
  expect(log).toContain("retired paperless-dst's image volsync-paperless-dst-dest-202501");
});

test("a bound claim that does not name the restore is not accepted: it would hold no restored data", async () => {
  const { status, log, requests } = await gate("be-populated", [{ spec: {}, status: { phase: "Bound" } }], 1);
  expect(status).toBe(1);
  expect(log).toContain("gave up after 1 s: claim paperless does not name paperless-dst in spec.dataSourceRef");
  expect(requests.filter((r) => r.startsWith("DELETE"))).toEqual([]);
});

test("fresh: any bound claim will do (an app with data of its own), and the empty image is retired", async () => {
  const { status, requests } = await gate("be-bound", [{ spec: {}, status: { phase: "Bound" } }]);
  expect(status).toBe(0);
  expect(requests.filter((r) => r.startsWith("DELETE"))).toEqual([`DELETE ${imagePath} Bearer t0k3n`]);
});
