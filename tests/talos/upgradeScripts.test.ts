// The scripts the upgrade and recovery commands run, against stand-in talosctl and kubectl on
// PATH (tests/talos/stubs): what they call, in which order, and what they refuse.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { upgradeScripts } from "../../infra/talos/upgradeOrder";

const root = path.join(__dirname, "..", "..");
const stubs = path.join(__dirname, "stubs");
const current = "factory.talos.dev/nocloud-installer/aaaa:v1.12.3";
const target = "factory.talos.dev/nocloud-installer/aaaa:v1.12.4";
const talosconfig = "context: portkey\ncontexts: {portkey: {key: private-key-material}}\n";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[];
  dir: string;
}

function run(
  script: string,
  env: Record<string, string>,
  options: { withTalosctl?: boolean; withAge?: boolean } = {},
): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portkey-upgrade-"));
  fs.writeFileSync(path.join(dir, "node.state"), "v1.12.3 aaaa\n");
  fs.writeFileSync(path.join(dir, "calls.log"), "");
  // Without talosctl: a PATH with bash and the basic tools but no stub directory.
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  if (options.withTalosctl !== false)
    for (const tool of ["talosctl", "kubectl"]) fs.symlinkSync(path.join(stubs, tool), path.join(bin, tool));
  if (options.withAge) fs.symlinkSync(path.join(stubs, "age"), path.join(bin, "age"));
  // --norc: bash reads ~/.bashrc when its stdin is a socket, as Node's is (Debian's
  // SSH_SOURCE_BASHRC); the scripts must not depend on the runner's shell set-up.
  const result = spawnSync("bash", ["--norc", script], {
    cwd: root,
    encoding: "utf8",
    env: {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: dir,
      STUB_DIR: dir,
      PORTKEY_TALOSCONFIG: talosconfig,
      CONTROL_PLANE_IPS: "192.168.0.11,192.168.0.12,192.168.0.13",
      WORKER_IPS: "",
      ...env,
    },
  });
  const calls = fs.readFileSync(path.join(dir, "calls.log"), "utf8").split("\n").filter(Boolean);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls, dir };
}

const node = (env: Record<string, string> = {}, options = {}) =>
  run(
    upgradeScripts.node,
    {
      NODE_NAME: "metal1",
      NODE_IP: "192.168.0.12",
      ENDPOINT_IP: "192.168.0.11",
      TARGET_IMAGE: target,
      TARGET_VERSION: "v1.12.4",
      PULUMI_COMMAND_STDOUT: current,
      ...env,
    },
    options,
  );
const verbs = (r: Run) =>
  r.calls.map((c) =>
    c
      .replace(/^-e \S+ -n \S+ /, "")
      .split(" ")
      .slice(0, 2)
      .join(" "),
  );

describe("upgrade-node.sh", () => {
  test("success: health, etcd snapshot, upgrade through another control plane, health and node Ready, in that order", () => {
    const r = node();
    expect([r.status, r.stdout]).toEqual([0, `${target}\n`]);
    expect(verbs(r)).toEqual([
      "version --client",
      "get version",
      "get extensions",
      "health --control-plane-nodes",
      "get etcdmembers",
      "etcd snapshot",
      "upgrade --image",
      "kubeconfig --force",
      "health --control-plane-nodes",
      "get etcdmembers",
      "kubectl wait",
      "get version",
      "get extensions",
    ]);
    expect(r.calls).toContain(`-e 192.168.0.11 -n 192.168.0.12 upgrade --image ${target} --wait --timeout 900s`);
    // The snapshot taken before the upgrade holds every Kubernetes secret: gone once the node is at target.
    expect(r.calls).toContain(
      `-e 192.168.0.11 -n 192.168.0.11 etcd snapshot ${r.dir}/.local/state/portkey/etcd-snapshots/before-metal1-v1.12.4.db`,
    );
    expect(fs.readdirSync(path.join(r.dir, ".local/state/portkey/etcd-snapshots"))).toEqual([]);
  });

  test("an unhealthy cluster: no snapshot, no upgrade call, a non-zero exit naming the node", () => {
    const r = node({ STUB_HEALTH_RC: "1" });
    expect(r.status).toBe(1);
    expect(r.calls.some((c) => / (upgrade|etcd snapshot) /.test(` ${c} `))).toBe(false);
    expect(r.stderr).toContain("error: the cluster is not healthy, so metal1 was not upgraded");
  });

  test("etcd missing a member counts as unhealthy", () => {
    const r = node({ STUB_MEMBERS: "2" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("etcd has 2 members, expected 3");
    expect(r.calls.some((c) => c.includes("upgrade --image"))).toBe(false);
  });

  test("a node already at the target is skipped: a re-run after a partial failure resumes after it", () => {
    const r = node({ TARGET_IMAGE: current, TARGET_VERSION: "v1.12.3", PULUMI_COMMAND_STDOUT: "" });
    expect([r.status, r.stdout]).toEqual([0, `${current}\n`]);
    expect(r.stderr).toContain("metal1 already runs");
    expect(verbs(r)).toEqual(["version --client", "get version", "get extensions"]);
  });

  describe("the etcd snapshot a failed step takes is never left readable", () => {
    const snapshots = (r: Run) => path.join(r.dir, ".local/state/portkey/etcd-snapshots");
    const recipient = "age15nsf9y4k28p83wth93tf7hafhvfajp45d2mge80ems45gz0c5gys3me64l";

    test("encrypted to the etcd backups' recipient when age is here; the plaintext is gone", () => {
      const r = node({ STUB_UPGRADE_RC: "1", SNAPSHOT_AGE_RECIPIENT: recipient }, { withAge: true });
      expect(r.status).toBe(1);
      const file = path.join(snapshots(r), "before-metal1-v1.12.4.db.age");
      expect(fs.readdirSync(snapshots(r))).toEqual(["before-metal1-v1.12.4.db.age"]);
      expect(fs.readFileSync(file, "utf8").split("\n")[0]).toBe("age-encryption.org/v1");
      expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("600");
      expect(r.calls).toContain(`age -r ${recipient} -o ${file} ${file.slice(0, -".age".length)}`);
      expect(r.stderr).toContain("encrypted to the etcd backups' age recipient");
    });

    test("removed when there is no recipient (etcd backups off), or age refuses it", () => {
      for (const [env, options] of [
        [{ STUB_UPGRADE_RC: "1" }, { withAge: true }],
        [{ STUB_UPGRADE_RC: "1", SNAPSHOT_AGE_RECIPIENT: "not-a-recipient" }, { withAge: true }],
      ] as const) {
        const r = node(env, options);
        expect(r.status).toBe(1);
        expect(fs.readdirSync(snapshots(r))).toEqual([]);
        expect(r.stderr).toContain("the etcd snapshot taken before this upgrade was removed");
      }
    });
  });

  test("a failed upgrade stops with the node's name, how to resume and how to roll back", () => {
    const r = node({ STUB_UPGRADE_RC: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: the upgrade of metal1 (192.168.0.12)");
    expect(r.stderr).toContain("npx pulumi up");
    expect(r.stderr).toContain("talosctl -e 192.168.0.11 -n 192.168.0.12 rollback");
    expect(r.calls.some((c) => c.startsWith("kubectl"))).toBe(false);
  });

  test("a node that does not become Ready fails the step, so the next node is not started", () => {
    const r = node({ STUB_READY_RC: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("metal1 (192.168.0.12) was upgraded but the cluster did not become healthy");
  });

  test("nothing to do when the last run reached the target: no talosctl needed (a renewed talosconfig)", () => {
    const r = node({ PULUMI_COMMAND_STDOUT: target }, { withTalosctl: false });
    expect([r.status, r.stdout, r.calls]).toEqual([0, `${target}\n`, []]);
  });

  test("without talosctl an upgrade says what to install", () => {
    const r = node({}, { withTalosctl: false });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: talosctl is not installed; install talosctl v1.12.4");
  });

  test("a talosctl of another minor version is refused", () => {
    const r = node({ STUB_CLIENT_VERSION: "v1.11.6" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("talosctl v1.11.6 is not close enough to v1.12.4");
  });

  test("the talosconfig reaches talosctl as a private file, never in an argument or the output, and is removed", () => {
    const r = node();
    const seen = path.join(r.dir, "talosconfig.seen");
    expect(fs.readFileSync(seen, "utf8")).toBe(talosconfig);
    expect([...r.calls, r.stdout, r.stderr].join("\n")).not.toContain("private-key-material");
    const used = fs.readFileSync(path.join(r.dir, "talosconfig.path"), "utf8");
    expect(fs.readFileSync(path.join(r.dir, "talosconfig.mode"), "utf8").trim()).toBe("600");
    expect(fs.existsSync(used)).toBe(false);
  });
});

const kubernetes = (env: Record<string, string> = {}) =>
  run(upgradeScripts.kubernetes, {
    TARGET_KUBERNETES: "1.35.1",
    TALOS_VERSION: "v1.12.4",
    ENDPOINT_IP: "192.168.0.11",
    NODE_NAMES: "metal0,metal1,metal2",
    PULUMI_COMMAND_STDOUT: "1.35.0",
    ...env,
  });

describe("upgrade-kubernetes.sh", () => {
  test("runs talosctl upgrade-k8s to the target, without docs or examples, after a health check", () => {
    const r = kubernetes();
    expect([r.status, r.stdout]).toEqual([0, "1.35.1\n"]);
    const at = (pattern: string) => r.calls.findIndex((c) => c.includes(pattern));
    expect(at("health")).toBeLessThan(at("upgrade-k8s"));
    expect(r.calls).toContain(
      "-e 192.168.0.11 -n 192.168.0.11 upgrade-k8s --to 1.35.1 --with-docs=false --with-examples=false",
    );
  });

  test("skips when the API server and every kubelet already run the target", () => {
    const r = kubernetes({ STUB_K8S_SERVER: "1.35.1", PULUMI_COMMAND_STDOUT: "" });
    expect([r.status, r.stdout]).toEqual([0, "1.35.1\n"]);
    expect(r.calls.some((c) => c.includes("upgrade-k8s"))).toBe(false);
  });

  test("one kubelet behind is not done yet", () => {
    const r = kubernetes({ STUB_K8S_SERVER: "1.35.1", STUB_K8S_KUBELET: "1.35.0", PULUMI_COMMAND_STDOUT: "" });
    expect(r.calls.some((c) => c.includes("upgrade-k8s"))).toBe(true);
  });

  test("an API server that refuses, then answers 503, is read again until it answers", () => {
    const r = kubernetes({ STUB_KUBECTL_LATE: "2:refused", POLL_SECONDS: "0" });
    expect([r.status, r.stdout]).toEqual([0, "1.35.1\n"]);
    expect(r.calls.filter((c) => c.startsWith("kubectl get")).length).toBe(4);
    const r503 = kubernetes({ STUB_KUBECTL_LATE: "3:unavailable", POLL_SECONDS: "0" });
    expect(r503.status).toBe(0);
  });

  test("an API server never ready stops at the deadline, naming the step and the last error", () => {
    const r = kubernetes({ STUB_KUBECTL_LATE: "100000:unavailable", DEADLINE_SECONDS: "1", POLL_SECONDS: "0.2" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "error: reading the API server version on 192.168.0.11: not ready after 1s; last error: Error from server (ServiceUnavailable): the server is currently unable to handle the request",
    );
    expect(r.calls.some((c) => c.includes("upgrade-k8s"))).toBe(false);
  });

  test("a refused permission is not retried", () => {
    const r = kubernetes({ STUB_KUBECTL_FAIL: "forbidden" });
    expect(r.status).toBe(1);
    expect(r.calls.filter((c) => c.startsWith("kubectl get")).length).toBe(1);
    expect(r.stderr).toContain(
      "error: reading the API server version on 192.168.0.11 failed (exit 1): Error from server (Forbidden)",
    );
  });

  test("a failed upgrade-k8s stops before the configs are re-applied and says how to resume", () => {
    const r = kubernetes({ STUB_K8S_RC: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "error: the Kubernetes upgrade to 1.35.1 failed; the machine configs were not re-applied.",
    );
  });
});

describe("recover-etcd.sh", () => {
  const recover = (env: Record<string, string>, snapshot = true) => {
    const file = path.join(os.tmpdir(), `portkey-${process.pid}-etcd.snapshot`);
    if (snapshot) fs.writeFileSync(file, "db");
    else fs.rmSync(file, { force: true });
    return run(upgradeScripts.recover, { NODE_IP: "192.168.0.11", SNAPSHOT: file, ...env });
  };

  test("recovers etcd on the primary control plane from the snapshot", () => {
    const r = recover({});
    expect(r.status).toBe(0);
    expect(r.calls.filter((c) => c.includes("bootstrap"))).toEqual([
      `-e 192.168.0.11 -n 192.168.0.11 bootstrap --recover-from=${path.join(os.tmpdir(), `portkey-${process.pid}-etcd.snapshot`)}`,
    ]);
  });

  test("leaves a running etcd alone, even without the snapshot file (a recovered cluster whose state was lost)", () => {
    const r = recover({ STUB_ETCD_RUNNING: "true" }, false);
    expect([r.status, r.stdout]).toEqual([0, "etcd already running\n"]);
    expect(r.stderr).toContain("etcd already runs on 192.168.0.11: nothing was recovered");
    expect(r.calls.some((c) => c.includes("bootstrap"))).toBe(false);
  });

  test("refuses a missing snapshot file on a node waiting for its bootstrap", () => {
    const r = recover({}, false);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("talos.recoverFrom: no snapshot file at");
    expect(r.calls.some((c) => c.includes("bootstrap"))).toBe(false);
  });
});

describe("the clock: retry what Talos makes transient, until DEADLINE_SECONDS", () => {
  const recover = (env: Record<string, string>) => {
    const file = path.join(os.tmpdir(), `portkey-${process.pid}-clock.snapshot`);
    fs.writeFileSync(file, "db");
    return run(upgradeScripts.recover, { NODE_IP: "192.168.0.11", SNAPSHOT: file, POLL_SECONDS: "0.05", ...env });
  };
  const bootstraps = (r: Run) => r.calls.filter((c) => c.includes(" bootstrap ")).length;

  test("recovery ready at once: one bootstrap call", () => {
    const r = recover({ DEADLINE_SECONDS: "5" });
    expect([r.status, bootstraps(r)]).toEqual([0, 1]);
  });

  test("recovery ready after 3 FailedPrecondition answers (CRI not up, time not synced) within the deadline", () => {
    const r = recover({ DEADLINE_SECONDS: "5", STUB_LATE: "bootstrap:3:FailedPrecondition" });
    expect([r.status, bootstraps(r)]).toEqual([0, 4]);
  });

  test("recovery never ready: stops at the deadline naming the node, the step and the last error", () => {
    // bash's SECONDS counts whole seconds: a deadline of 2 waits at least one full second.
    const r = recover({ DEADLINE_SECONDS: "2", STUB_LATE: "bootstrap:1000:TimeNotSynced" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /on 192\.168\.0\.11: not ready after 2s; last error: rpc error: code = FailedPrecondition desc = time is not in sync yet/,
    );
    expect(bootstraps(r)).toBeGreaterThan(2);
  });

  test("a real failure (PermissionDenied) is not retried", () => {
    const r = recover({ DEADLINE_SECONDS: "5", STUB_FAIL: "bootstrap:PermissionDenied" });
    expect([r.status, bootstraps(r)]).toEqual([1, 1]);
    expect(r.stderr).toContain("rpc error: code = PermissionDenied desc = not authorized");
  });

  test("an upgrade whose node's apid is not up yet (Unavailable twice) still finds the node at target", () => {
    const r = node({
      DEADLINE_SECONDS: "5",
      POLL_SECONDS: "0.05",
      STUB_LATE: "get:2:Unavailable",
      TARGET_IMAGE: current,
      TARGET_VERSION: "v1.12.3",
      PULUMI_COMMAND_STDOUT: "",
    });
    expect([r.status, r.stdout]).toEqual([0, `${current}\n`]);
    expect(r.calls.some((c) => c.includes("upgrade --image"))).toBe(false);
  });
});

test("every jsonpath template in the scripts selects exactly one field, with no literal text", () => {
  const dir = path.join(root, "infra/talos/scripts");
  const templates = fs
    .readdirSync(dir)
    .flatMap((f) =>
      [...fs.readFileSync(path.join(dir, f), "utf8").matchAll(/jsonpath=['"]?([^'"\s)]+)/g)].map((m) => m[1]),
    );
  expect(templates.length).toBeGreaterThan(1);
  expect(templates.filter((t) => !/^\{(\.[A-Za-z0-9_]+)+\}$/.test(t))).toEqual([]);
});
