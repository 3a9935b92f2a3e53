// The Talos boot image: one schematic per hardware group, one download per host and schematic.
import { createHash } from "crypto";
import { parse } from "yaml";
import { groupSchematic, hardwareGroup, talosImageFileName } from "../../infra/proxmox/image";
import { proxmoxTokens, talosTokens } from "../../infra/tokens";
import { talosVersion } from "../../infra/versions";
import type { HostConfig, NodeConfig } from "../../infra/config";
import { byName, ofType } from "../plans";
import { fourNodeInventory } from "../config/variants";
import { renderProgram } from "../../planner/program";
import { prodPlan } from "../plans";
const { downloadFile: downloadFileType } = proxmoxTokens;

const schematicType = talosTokens.schematic;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const extensionsOf = (yaml: string) =>
  (parse(yaml) as any).customization.systemExtensions.officialExtensions as string[];

describe("hardware groups (pure)", () => {
  const node = (hardware: string[]) => ({ hardware }) as NodeConfig;
  const host = (id?: string) => ({ usb: {}, ...(id ? { gpu: { model: "x", passable: true, id } } : {}) }) as HostConfig;
  test.each([
    ["an Intel iGPU passed through", node(["gpu"]), host("8086:46d1"), "intel-igpu"],
    ["an Intel iGPU on the host but not passed through", node([]), host("8086:46d1"), "base"],
    ["a non-Intel GPU passed through", node(["gpu"]), host("1002:1636"), "base"],
    ["only a USB device", node(["zigbee"]), host(), "base"],
  ])("%s → %s", (_what, n, h, group) => {
    expect(hardwareGroup(n, h)).toBe(group);
  });

  test("Intel nodes get i915, intel-ucode and the guest agent; others only the guest agent", () => {
    expect(extensionsOf(groupSchematic("intel-igpu"))).toEqual([
      "siderolabs/i915",
      "siderolabs/intel-ucode",
      "siderolabs/qemu-guest-agent",
    ]);
    expect(extensionsOf(groupSchematic("base"))).toEqual(["siderolabs/qemu-guest-agent"]);
  });
});

describe("boot images in the plan", () => {
  test("one schematic per hardware group in use; nothing Intel reaches mirkwood", async () => {
    const plan = prodPlan();
    expect(
      ofType(plan, schematicType)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["portkey-base", "portkey-intel-igpu"]);
    const base = byName(plan, schematicType, "portkey-base").inputs.schematic as string;
    expect(extensionsOf(base)).toEqual(["siderolabs/qemu-guest-agent"]);
    const mirkwood = byName(plan, downloadFileType, "portkey-mirkwood-base");
    expect(mirkwood.inputs.url).toBe(
      `https://factory.talos.dev/image/${sha(base)}/${talosVersion}/nocloud-amd64.qcow2`,
    );
    expect(JSON.stringify(mirkwood.inputs)).not.toMatch(/intel|i915/);
  });

  test("one download per host and schematic, named with the schematic id and the Talos version", async () => {
    const plan = prodPlan();
    const files = ofType(plan, downloadFileType);
    expect(files.map((f) => f.name).sort()).toEqual([
      "portkey-gondor-intel-igpu",
      "portkey-mirkwood-base",
      "portkey-rohan-intel-igpu",
    ]);
    const groupOf: Record<string, string> = { mirkwood: "base", rohan: "intel-igpu", gondor: "intel-igpu" };
    for (const file of files) {
      const host = file.inputs.nodeName as string;
      const id = sha(groupSchematic(groupOf[host] as "base" | "intel-igpu"));
      expect(file.inputs).toEqual({
        nodeName: host,
        datastoreId: "local",
        contentType: "import",
        overwrite: false,
        // A rebuild after a lost state adopts the same-named file (the same image) still on the host.
        overwriteUnmanaged: true,
        uploadTimeout: 1800,
        url: `https://factory.talos.dev/image/${id}/${talosVersion}/nocloud-amd64.qcow2`,
        fileName: `talos-${talosVersion}-${id}-nocloud-amd64.qcow2`,
      });
      expect(talosImageFileName(id, talosVersion)).toBe(file.inputs.fileName);
    }
  });

  test("a second node of the same group on the same host shares the download", async () => {
    const inventory = fourNodeInventory();
    inventory.nodes.metal3.host = "mirkwood";
    const plan = await renderProgram({ inventory });
    expect(ofType(plan, downloadFileType)).toHaveLength(3);
    const image = byName(plan, downloadFileType, "portkey-mirkwood-base");
    const users = ofType(plan, proxmoxTokens.vm).filter((vm) => vm.dependencies.includes(image.urn));
    expect(users.map((vm) => vm.inputs.name).sort()).toEqual(["metal0", "metal3"]);
  });
});
