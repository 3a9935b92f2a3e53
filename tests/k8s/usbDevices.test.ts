// USB devices reach pods as resources of a device plugin that runs where the device is: the
// inventory decides which devices and which nodes, the app's namespace needs no privilege.
import { siteConfig } from "../site";
import { containerPath, devicePluginArgs, devicePluginDaemonSet, serialDevices } from "../../infra/k8s/usbDevices";
import { nodeHardwareLabels } from "../../infra/labels";
import { genericDevicePluginVersion } from "../../infra/versions";
import { variants } from "../config/variants";
import { renderProgram } from "../../planner/program";
import { byName, prodPlan } from "../plans";
import { k8sTokens } from "../../infra/tokens";

const dongle = "/dev/serial/by-id/usb-*_Sonoff_Zigbee_3.0_USB_Dongle_Plus_*-if00-port0";
const DaemonSet = k8sTokens.daemonSet;
const prodDevices = () => serialDevices(siteConfig().proxmox.hosts, siteConfig().nodes);

describe("which devices pods may request", () => {
  test("the prod dongle: passed through to metal0 and given a serialPath", () => {
    expect(prodDevices()).toEqual([{ name: "zigbee", paths: [dongle] }]);
  });

  test("none when no node has the device, or the device has no serialPath", () => {
    const unused = siteConfig(variants([["nodes.metal0.hardware", []]]));
    expect(serialDevices(unused.proxmox.hosts, unused.nodes)).toEqual([]);
    const vmOnly = siteConfig(variants([["proxmox.hosts.mirkwood.usb.zigbee.serialPath", undefined]]));
    expect(serialDevices(vmOnly.proxmox.hosts, vmOnly.nodes)).toEqual([]);
  });

  test("one device name on two hosts is one resource with both paths, sorted", () => {
    const inventory = variants([["nodes.metal1.hardware", ["gpu", "zigbee"]]]);
    inventory.proxmox.hosts.rohan.usb = { zigbee: { id: "10c4:ea60", serialPath: "/dev/serial/by-id/usb-b" } };
    const two = siteConfig(inventory);
    expect(serialDevices(two.proxmox.hosts, two.nodes)).toEqual([
      { name: "zigbee", paths: ["/dev/serial/by-id/usb-b", dongle].sort() },
    ]);
  });
});

describe("the plugin", () => {
  const devices = [{ name: "zigbee", paths: [dongle] }];

  test("advertises portkey.home/zigbee, mounted at /dev/zigbee whatever the by-id name", () => {
    expect(devicePluginArgs(devices)).toEqual([
      "--domain=portkey.home",
      "--device",
      JSON.stringify({ name: "zigbee", groups: [{ paths: [{ path: dongle, mountPath: "/dev/zigbee" }] }] }),
    ]);
    expect(containerPath("zigbee")).toBe("/dev/zigbee");
  });

  test("runs only on nodes Talos labels with the device: the label is the one metal0 gets from its hardware", () => {
    const terms =
      devicePluginDaemonSet(devices).spec.template.spec.affinity.nodeAffinity
        .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    const metal0 = nodeHardwareLabels(siteConfig().nodes.metal0.hardware);
    expect(terms).toEqual([
      { matchExpressions: [{ key: "portkey.home/usb-zigbee", operator: "In", values: ["true"] }] },
    ]);
    expect(metal0[terms[0].matchExpressions[0].key]).toBe("true");
  });
});

describe("in the prod plan", () => {
  test("one DaemonSet, in kube-system, at the pinned image, advertising the prod device", async () => {
    const plan = prodPlan();
    const ds = byName(plan, DaemonSet, "portkey-generic-device-plugin");
    const pod = (ds.inputs.spec as any).template.spec;
    expect((ds.inputs.metadata as any).namespace).toBe("kube-system");
    expect(pod.containers.map((c: any) => [c.image, c.args])).toEqual([
      [`ghcr.io/squat/generic-device-plugin:${genericDevicePluginVersion}`, devicePluginArgs(prodDevices())],
    ]);
    expect(plan.resources.filter((r) => r.type === DaemonSet)).toHaveLength(1);
  });

  test("without a serialPath on any passed-through device, no plugin is planned", async () => {
    const plan = await renderProgram({
      inventory: variants([["proxmox.hosts.mirkwood.usb.zigbee.serialPath", undefined]]),
    });
    expect(plan.resources.filter((r) => r.type === DaemonSet)).toEqual([]);
  });
});
