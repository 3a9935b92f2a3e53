import { parseConfig } from "../../infra/config/parse";
import { readInventory } from "../../planner/stackFile";
import { fourNodeInventory, variant, variants } from "./variants";

function problemsOf(inventory: Record<string, unknown>): string[] {
  const result = parseConfig(inventory);
  return result.ok ? [] : result.problems;
}

describe("parseConfig on the prod inventory", () => {
  it("accepts Pulumi.prod.yaml, with its nodes as written (memory in GiB) and the defaults filled in", () => {
    const result = parseConfig(readInventory());
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(Object.keys(result.config.nodes)).toEqual(["metal0", "metal1", "metal2"]);
    expect(result.config.nodes.metal0.memoryGiB).toBe(44);
    expect(result.config.nodes.metal1.memoryGiB).toBe(27);
    expect(result.config.protect).toBe(true);
    expect(result.config.backups.apps.vaultwarden).toMatchObject({
      namespace: "vaultwarden",
      pvc: "vaultwarden",
      retentionDays: 7,
    });
  });

  it("keeps pods clear of services: podCidr and serviceCidr are disjoint and 10.0.1.0 stays a pod address", () => {
    const result = parseConfig(readInventory());
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.cluster.podCidr).toBe("10.0.0.0/16");
    expect(result.config.cluster.serviceCidr).toBe("10.43.0.0/16");
  });
});

// Each row: the rule, the change to the valid inventory, and the exact message it must produce.
const rules: Array<[string, () => Record<string, unknown>, string]> = [
  [
    "unknown top-level key",
    () => variant("colour", "blue"),
    "portkey.colour is not a known key (known: protect, proxmox, nodes, cluster, talos, storage, platform, gitops, backups)",
  ],
  [
    "unknown nested key",
    () => variant("nodes.metal1.ram", 4),
    "nodes.metal1.ram is not a known key (known: host, vmId, role, cores, memoryGiB, diskGiB, ip, mac, hardware)",
  ],
  ["missing required key", () => variant("nodes.metal1.mac", undefined), "nodes.metal1.mac is missing (required)"],
  [
    "unknown key of a GPU: both branches' keys are known, in declaration order",
    () => variant("proxmox.hosts.rohan.gpu.vendor", "intel"),
    "proxmox.hosts.rohan.gpu.vendor is not a known key (known: model, passable, reason, path, id, subsystemId, iommuGroup)",
  ],
  [
    "node role outside its values",
    () => variant("nodes.metal0.role", "master"),
    'nodes.metal0.role "master" is not "controlplane" or "worker"',
  ],
  [
    "backup phase outside its values",
    () => variant("backups.apps.grocy.phase", "restored"),
    'backups.apps.grocy.phase "restored" is not "restore", "fresh" or "paused"',
  ],
  ["missing required section", () => variant("gitops", undefined), "gitops is missing (required)"],
  ["wrong type", () => variant("nodes.metal1.cores", "four"), 'nodes.metal1.cores "four" is not an integer'],
  ["wrong type (boolean)", () => variant("protect", "yes"), 'protect "yes" is not true or false'],
  [
    "malformed IP",
    () => variant("nodes.metal1.ip", "192.168.0.300"),
    'nodes.metal1.ip "192.168.0.300" is not an IPv4 address',
  ],
  [
    "malformed CIDR (host bits set)",
    () => variant("cluster.podCidr", "10.0.1.0/8"),
    'cluster.podCidr "10.0.1.0/8" is not a CIDR network address (a.b.c.d/n with no host bits set)',
  ],
  [
    "malformed MAC",
    () => variant("nodes.metal1.mac", "BC:24:11:00:12"),
    'nodes.metal1.mac "BC:24:11:00:12" is not a MAC address (six hex pairs separated by colons)',
  ],
  [
    "malformed cron",
    () => variant("backups.apps.vaultwarden.schedule", "0 */6 * *"),
    'backups.apps.vaultwarden.schedule "0 */6 * *" is not a five-field cron expression or "daily"',
  ],
  [
    "cron field out of range",
    () => variant("backups.apps.grocy.schedule", "0 25 * * *"),
    'backups.apps.grocy.schedule "0 25 * * *" is not a five-field cron expression or "daily"',
  ],
  [
    "duplicate VM id on another host",
    () => variant("nodes.metal2.vmId", 106),
    "nodes.metal2.vmId 106 is also the VM id of nodes.metal0 (VM ids must be unique)",
  ],
  [
    "duplicate IP",
    () => variant("nodes.metal1.ip", "192.168.0.11"),
    'nodes.metal1.ip "192.168.0.11" is also the IP of nodes.metal0 (IPs must be unique)',
  ],
  [
    "duplicate MAC (case-insensitive)",
    () => variant("nodes.metal2.mac", "bc:24:11:00:00:12"),
    'nodes.metal2.mac "bc:24:11:00:00:12" is also the MAC of nodes.metal1 (MACs must be unique)',
  ],
  [
    "node IP outside the node subnet",
    () => variant("nodes.metal1.ip", "192.168.1.12"),
    'nodes.metal1.ip "192.168.1.12" is outside the node subnet 192.168.0.0/24',
  ],
  [
    "gateway outside the node subnet",
    () => variant("cluster.gateway", "10.1.0.1"),
    'cluster.gateway "10.1.0.1" is outside the node subnet 192.168.0.0/24',
  ],
  [
    "VIP outside the node subnet",
    () => variant("cluster.vip", "192.168.5.100"),
    'cluster.vip "192.168.5.100" is outside the node subnet 192.168.0.0/24',
  ],
  [
    "VIP is a node IP",
    () => variant("cluster.vip", "192.168.0.12"),
    'cluster.vip "192.168.0.12" is also the IP of nodes.metal1 (the VIP must not be a node IP)',
  ],
  [
    "VIP inside the LB pool",
    () => variant("cluster.vip", "192.168.0.230"),
    'cluster.vip "192.168.0.230" is inside the load-balancer pool 192.168.0.224-192.168.0.254',
  ],
  [
    "LB pool outside the node subnet",
    () =>
      variants([
        ["cluster.loadBalancerPool", "192.168.1.224/27"],
        ["platform.argocdIp", "192.168.1.225"],
      ]),
    'cluster.loadBalancerPool "192.168.1.224/27" is not inside the node subnet 192.168.0.0/24',
  ],
  [
    "LB pool reaching the subnet's broadcast address (192.168.0.224/27 ends at .255)",
    () => variant("cluster.loadBalancerPool", "192.168.0.224/27"),
    'cluster.loadBalancerPool "192.168.0.224/27" includes 192.168.0.255, the broadcast address of the node subnet 192.168.0.0/24 (use a range without it, e.g. 192.168.0.224-192.168.0.254)',
  ],
  [
    "LB pool holding the subnet's network address",
    () =>
      variants([
        ["cluster.loadBalancerPool", "192.168.0.0-192.168.0.9"],
        ["cluster.gateway", "192.168.0.254"],
        ["platform.argocdIp", "192.168.0.5"],
      ]),
    'cluster.loadBalancerPool "192.168.0.0-192.168.0.9" includes 192.168.0.0, the network address of the node subnet 192.168.0.0/24 (use a range without it, e.g. 192.168.0.1-192.168.0.9)',
  ],
  [
    "LB pool range ending before it starts",
    () => variant("cluster.loadBalancerPool", "192.168.0.254-192.168.0.224"),
    'cluster.loadBalancerPool "192.168.0.254-192.168.0.224" is not a CIDR network address or an address range (a.b.c.d/n, or a.b.c.d-a.b.c.e with first <= last)',
  ],
  [
    "LB pool holds a node IP",
    () => variant("nodes.metal2.ip", "192.168.0.240"),
    'nodes.metal2.ip "192.168.0.240" is inside the load-balancer pool 192.168.0.224-192.168.0.254',
  ],
  [
    "Argo CD IP outside the LB pool",
    () => variant("platform.argocdIp", "192.168.0.50"),
    'platform.argocdIp "192.168.0.50" is outside the load-balancer pool 192.168.0.224-192.168.0.254',
  ],
  [
    "pod network overlaps services",
    () => variant("cluster.podCidr", "10.0.0.0/8"),
    'cluster.podCidr "10.0.0.0/8" overlaps cluster.serviceCidr "10.43.0.0/16" (pod, service and node networks must be disjoint)',
  ],
  [
    "service network overlaps nodes",
    () => variant("cluster.serviceCidr", "192.168.0.0/16"),
    'cluster.serviceCidr "192.168.0.0/16" overlaps cluster.nodeSubnet "192.168.0.0/24" (pod, service and node networks must be disjoint)',
  ],
  [
    "even number of control planes",
    () => variant("nodes.metal2.role", "worker"),
    'nodes ["metal0","metal1"] has 2 control planes; etcd needs an odd number, at least 1 (while one control plane replaces another, name the old one in talos.replacingControlPlane)',
  ],
  [
    "control-plane replacement marker naming an unknown node",
    () =>
      variants([
        ["nodes.metal2.role", "worker"],
        ["talos.replacingControlPlane", "metal9"],
      ]),
    'talos.replacingControlPlane "metal9" is not a control plane in nodes (control planes: metal0, metal1)',
  ],
  [
    "control-plane replacement marker left after the replacement",
    () => variant("talos.replacingControlPlane", "metal1"),
    'talos.replacingControlPlane "metal1" is set, but no control plane is being replaced: nodes has 3 control planes, an odd number; remove the key',
  ],
  [
    "Helm timeout too short for a cold build",
    () => variant("platform.helmTimeout", "5m"),
    'platform.helmTimeout "5m" must be at least 10m (a cold build pulls every image of the chart)',
  ],
  [
    "Talos timeout that is not a duration",
    () => variant("talos.healthTimeout", "30"),
    'talos.healthTimeout "30" is not a positive duration in hours, minutes and seconds (e.g. "15m" or "1h30m")',
  ],
  [
    "recovery snapshot path with a space",
    () => variant("talos.recoverFrom", "my snapshot.db"),
    'talos.recoverFrom "my snapshot.db" is not a file path (no spaces)',
  ],
  [
    "no control plane",
    () =>
      variants([
        ["nodes.metal0.role", "worker"],
        ["nodes.metal1.role", "worker"],
        ["nodes.metal2.role", "worker"],
      ]),
    "nodes [] has 0 control planes; etcd needs an odd number, at least 1 (while one control plane replaces another, name the old one in talos.replacingControlPlane)",
  ],
  [
    "undeclared host",
    () => variant("nodes.metal2.host", "isengard"),
    'nodes.metal2.host "isengard" is not a declared host (declared: gondor, mirkwood, rohan)',
  ],
  [
    "GPU on mirkwood (AMD reset bug)",
    () => variant("nodes.metal0.hardware", ["zigbee", "gpu"]),
    'nodes.metal0.hardware[1] "gpu" cannot be passed through: host mirkwood\'s GPU (AMD Radeon Vega (Ryzen 5 4500U APU)) is not passable: the Ryzen APU iGPU has the AMD reset bug and does not come back after a VM restart',
  ],
  [
    "hardware on another host",
    () => variant("nodes.metal1.hardware", ["gpu", "zigbee"]),
    'nodes.metal1.hardware[1] "zigbee" is not a device of host rohan (its devices: gpu)',
  ],
  [
    "GPU on a host without one",
    () => variants([["proxmox.hosts.rohan.gpu", undefined]]),
    'nodes.metal1.hardware[0] "gpu" needs a GPU but host rohan declares none',
  ],
  [
    "one device, two VMs",
    () => variants([["nodes.metal2.host", "rohan"]]),
    'nodes.metal2.hardware[0] "gpu" is already passed through to nodes.metal1 on host rohan (a device serves one VM)',
  ],
  [
    "passable GPU without subsystem id",
    () => variant("proxmox.hosts.gondor.gpu.subsystemId", undefined),
    "proxmox.hosts.gondor.gpu.subsystemId is missing (required)",
  ],
  [
    "passable GPU model with a comma (it becomes the PCI mapping comment bpg refuses)",
    () => variant("proxmox.hosts.rohan.gpu.model", "Intel UHD Graphics (N100, Alder Lake-N)"),
    'proxmox.hosts.rohan.gpu.model "Intel UHD Graphics (N100, Alder Lake-N)" must not contain "," or "=" (Proxmox keeps it in a comma-separated property string)',
  ],
  [
    "USB comment with an equals sign (it becomes the USB mapping comment bpg refuses)",
    () => variant("proxmox.hosts.mirkwood.usb.zigbee.comment", "Sonoff dongle fw=7.4"),
    'proxmox.hosts.mirkwood.usb.zigbee.comment "Sonoff dongle fw=7.4" must not contain "," or "=" (Proxmox keeps it in a comma-separated property string)',
  ],
  [
    "USB comment with a trailing space",
    () => variant("proxmox.hosts.mirkwood.usb.zigbee.comment", "Sonoff dongle "),
    'proxmox.hosts.mirkwood.usb.zigbee.comment "Sonoff dongle " must not start or end with whitespace (Proxmox refuses it)',
  ],
  [
    "USB device name that cannot be a node label and resource name",
    () => variants([["proxmox.hosts.mirkwood.usb.Zig_Bee", { id: "10c4:ea60" }]]),
    "proxmox.hosts.mirkwood.usb.Zig_Bee \"Zig_Bee\" is not a USB device name (2 to 59 lower-case letters, digits and '-', starting and ending with a letter or digit)",
  ],
  [
    "USB serial path outside /dev",
    () => variant("proxmox.hosts.mirkwood.usb.zigbee.serialPath", "ttyUSB0"),
    'proxmox.hosts.mirkwood.usb.zigbee.serialPath "ttyUSB0" is not a device path under /dev/ (e.g. /dev/serial/by-id/usb-…)',
  ],
  [
    "backup app not a DNS label",
    () => variant("backups.apps.Home_Assistant", { schedule: "daily", capacity: "1Gi" }),
    "backups.apps.Home_Assistant \"Home_Assistant\" is not a DNS label (lower-case letters, digits and '-', at most 63)",
  ],
  [
    "retention not positive",
    () => variant("backups.retentionDays", 0),
    "backups.retentionDays 0 must be greater than 0",
  ],
  [
    "app retention not positive",
    () => variant("backups.apps.grocy.retentionDays", -1),
    "backups.apps.grocy.retentionDays -1 must be greater than 0",
  ],
  [
    "proxmox endpoint with /api2/json",
    () => variant("proxmox.endpoint", "https://192.168.0.2:8006/api2/json"),
    'proxmox.endpoint "https://192.168.0.2:8006/api2/json" is not an https://host:port/ URL (without /api2/json)',
  ],
  [
    "ceph monitor malformed",
    () => variant("storage.ceph.monitors", ["192.168.0.2:6789", "mon-b"]),
    'storage.ceph.monitors[1] "mon-b" is not a monitor address (IPv4 or IPv4:port)',
  ],
  [
    "NFS server malformed",
    () => variant("storage.nfs.server", "nas"),
    'storage.nfs.server "nas" is not an IPv4 address',
  ],
];

describe("parseConfig rejects each rule with its exact message", () => {
  it.each(rules)("%s", (_rule, build, message) => {
    expect(problemsOf(build())).toEqual([message]);
  });
});

describe("mapping comments", () => {
  it("accepts a comma in the model of a GPU that is never mapped (mirkwood's is not passable)", () => {
    const result = parseConfig(variant("proxmox.hosts.mirkwood.gpu.model", "AMD Radeon Vega (Ryzen 5, 4500U)"));
    expect(result.ok).toBe(true);
  });
});

describe("parseConfig collects every problem", () => {
  it("reports both problems of a config with two", () => {
    const inventory = variants([
      ["nodes.metal1.ip", "192.168.0.300"],
      ["backups.retentionDays", 0],
    ]);
    expect(problemsOf(inventory)).toEqual([
      'nodes.metal1.ip "192.168.0.300" is not an IPv4 address',
      "backups.retentionDays 0 must be greater than 0",
    ]);
  });

  it("accepts a 4-node inventory with a worker on a fourth host", () => {
    expect(problemsOf(fourNodeInventory())).toEqual([]);
  });

  it("accepts four control planes while metal1 is being replaced, and defaults the Talos timeouts", () => {
    const inventory = fourNodeInventory();
    inventory.nodes.metal3.role = "controlplane";
    inventory.talos = { replacingControlPlane: "metal1" };
    const result = parseConfig(inventory);
    if (!result.ok) throw new Error(result.problems.join("\n"));
    expect(result.config.talos).toEqual({ applyTimeout: "15m", healthTimeout: "30m", replacingControlPlane: "metal1" });
  });
});
