// The VMs the inventory describes: exact values, hardware through mappings only, and protection.
import { proxmoxDataBearing } from "../../infra/proxmox/safety";
import { proxmoxTokens } from "../../infra/tokens";
import type { Plan } from "../../planner/plan";
import { byName, ofType } from "../plans";
import { prodPlan } from "../plans";
const { pciMapping: pciMappingType, usbMapping: usbMappingType, vm: vmType } = proxmoxTokens;

let plan: Plan;
beforeAll(async () => {
  plan = prodPlan();
});

const expected = [
  { hostname: "metal0", host: "mirkwood", vmId: 106, memory: 45056, ip: "192.168.0.11", mac: "BC:24:11:00:00:11" },
  { hostname: "metal1", host: "rohan", vmId: 107, memory: 27648, ip: "192.168.0.12", mac: "BC:24:11:00:00:12" },
  { hostname: "metal2", host: "gondor", vmId: 104, memory: 27648, ip: "192.168.0.13", mac: "BC:24:11:00:00:13" },
];

describe("VMs", () => {
  test("plans exactly three VMs, each with the issue's values on its host", () => {
    expect(
      ofType(plan, vmType)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["portkey-metal0", "portkey-metal1", "portkey-metal2"]);
    for (const e of expected) {
      const { inputs } = byName(plan, vmType, `portkey-${e.hostname}`);
      expect(inputs).toMatchObject({
        nodeName: e.host,
        vmId: e.vmId,
        name: e.hostname,
        machine: "q35",
        bios: "ovmf",
        scsiHardware: "virtio-scsi-pci",
        efiDisk: { datastoreId: "local-lvm", type: "4m", preEnrolledKeys: false },
        cpu: { cores: 4, sockets: 1, type: "host" },
        memory: { dedicated: e.memory, floating: 0 },
        agent: { enabled: true, waitForIp: { disabled: true } },
        networkDevices: [{ bridge: "vmbr0", model: "virtio", macAddress: e.mac }],
        initialization: {
          type: "nocloud",
          datastoreId: "local-lvm",
          ipConfigs: [{ ipv4: { address: `${e.ip}/24`, gateway: "192.168.0.1" } }],
          dns: { servers: ["192.168.0.1"] },
        },
        serialDevices: [{ device: "socket" }],
        onBoot: true,
        started: true,
        // Never restart inside an update: pending changes wait for the power-cycle runbook.
        rebootAfterUpdate: false,
        stopOnDestroy: true,
        startup: { order: 1 },
        tags: ["controlplane", "portkey", "talos"],
        bootOrders: ["scsi0"],
        cdrom: { fileId: "none" },
      });
      expect(inputs.disks).toEqual([
        {
          interface: "scsi0",
          datastoreId: "local-lvm",
          size: 128,
          discard: "on",
          ssd: true,
          importFrom: expect.stringMatching(/^local:import\/talos-v[0-9.]+-[0-9a-f]{64}-nocloud-amd64\.qcow2$/),
        },
      ]);
    }
  });

  test("metal1 and metal2 get the iGPU through the mapping with every flag set; metal0 gets only the Zigbee USB mapping", () => {
    const igpu = [{ device: "hostpci0", mapping: "igpu", pcie: true, rombar: true, xvga: false }];
    expect(byName(plan, vmType, "portkey-metal1").inputs.hostpcis).toEqual(igpu);
    expect(byName(plan, vmType, "portkey-metal2").inputs.hostpcis).toEqual(igpu);
    expect(byName(plan, vmType, "portkey-metal1").inputs.usbs).toEqual([]);
    const metal0 = byName(plan, vmType, "portkey-metal0");
    expect(metal0.inputs.hostpcis).toEqual([]);
    expect(metal0.inputs.usbs).toEqual([{ mapping: "zigbee", usb3: false }]);
    // The mapping name is the mapping resource's output, so the VM waits for the mapping.
    expect(metal0.dependencies).toContain(byName(plan, usbMappingType, "portkey-usb-zigbee").urn);
    expect(byName(plan, vmType, "portkey-metal1").dependencies).toContain(
      byName(plan, pciMappingType, "portkey-igpu").urn,
    );
  });

  test("one PCI mapping with an entry per passable-GPU host, one USB mapping for the dongle", () => {
    expect(ofType(plan, pciMappingType)).toHaveLength(1);
    const entry = (node: string) => ({
      node,
      path: "0000:00:02.0",
      id: "8086:46d1",
      subsystemId: "8086:7270",
      iommuGroup: 0,
      comment: "Intel UHD Graphics (N100 / Alder Lake-N)",
    });
    expect(byName(plan, pciMappingType, "portkey-igpu").inputs).toMatchObject({
      name: "igpu",
      maps: [entry("gondor"), entry("rohan")],
    });
    expect(ofType(plan, usbMappingType)).toHaveLength(1);
    expect(byName(plan, usbMappingType, "portkey-usb-zigbee").inputs).toMatchObject({
      name: "zigbee",
      maps: [{ node: "mirkwood", id: "10c4:ea60", comment: "Sonoff Zigbee 3.0 USB dongle (CP2102N)" }],
    });
  });

  test("no raw PCI or USB id appears in any VM input", () => {
    const raw = ["8086:46d1", "8086:7270", "0000:00:02.0", "00:02.0", "10c4:ea60"];
    for (const vm of ofType(plan, vmType)) {
      const text = JSON.stringify(vm.inputs);
      for (const id of raw) expect(text).not.toContain(id);
      for (const pci of vm.inputs.hostpcis as Array<Record<string, unknown>>)
        expect(Object.keys(pci)).not.toContain("id");
      for (const usb of vm.inputs.usbs as Array<Record<string, unknown>>)
        expect(Object.keys(usb)).not.toContain("host");
    }
  });

  test("every VM and mapping is protected and delete-before-replace; no VM input is ignored", () => {
    for (const rule of proxmoxDataBearing) {
      const resources = ofType(plan, rule.type);
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) expect(r.options).toMatchObject(rule.requires);
    }
    expect(ofType(plan, vmType).map((r) => r.options)).toEqual(
      Array(3).fill(
        expect.objectContaining({
          protect: true,
          deleteBeforeReplace: true,
          ignoreChanges: [],
        }),
      ),
    );
  });

  test("every VM sets Proxmox's own protection flag, so a GUI or CLI delete is refused too", () => {
    expect(ofType(plan, vmType).map((r) => [r.inputs.name, r.inputs.protection])).toEqual([
      ["metal0", true],
      ["metal1", true],
      ["metal2", true],
    ]);
  });

  test("no disk sets iothread, which virtio-scsi-pci ignores with a warning at every start", () => {
    for (const vm of ofType(plan, vmType)) {
      expect(vm.inputs.scsiHardware).toBe("virtio-scsi-pci");
      for (const disk of vm.inputs.disks as Array<Record<string, unknown>>) expect(disk).not.toHaveProperty("iothread");
    }
  });

  test("the real index.ts plans the same three VMs on the layer's explicit Proxmox provider", async () => {
    const full = prodPlan();
    const vms = ofType(full, vmType);
    expect(vms.map((r) => `${r.inputs.name}@${r.inputs.nodeName}#${r.inputs.vmId}`).sort()).toEqual([
      "metal0@mirkwood#106",
      "metal1@rohan#107",
      "metal2@gondor#104",
    ]);
    // The layer's provider, and the preflight's (infra/proxmox/hostCheck.ts), with the same arguments.
    const providers = ofType(full, proxmoxTokens.provider);
    expect(providers.map((p) => p.name)).toEqual(["portkey", "portkey-preflight"]);
    for (const p of providers) {
      expect(p.inputs).toEqual({ endpoint: "https://192.168.0.2:8006/", insecure: "true", apiToken: "[secret]" });
    }
    const layer = providers.find((p) => p.parent?.includes("portkey:proxmox:ProxmoxNodes"))!;
    const proxmoxResources = full.resources.filter((x) => x.type.startsWith("proxmoxve:"));
    expect(proxmoxResources).toHaveLength(8); // 3 downloads, 2 mappings, 3 VMs
    for (const r of proxmoxResources) expect(r.provider).toBe(`${layer.urn}::proxmoxve-portkey`);
  });
});
