// The Proxmox preflight: what it expects of the prod hosts, one message per problem in their
// answers, and, run by the real index.ts, that a failed preflight registers nothing further.
import * as pulumi from "@pulumi/pulumi";
import { siteConfig } from "../site";
import { expectations, Facts, PciDevice, problems } from "../../infra/proxmox/preflight";
import { siteCalls } from "../../planner/fakes";
import { readInventory } from "../../planner/stackFile";
import { renderProgramOutcome as renderOutcome } from "../../planner/program";
import { proxmoxTokens } from "../../infra/tokens";

const expected = () => expectations(siteConfig().proxmox, siteConfig().nodes);

const n100: PciDevice = {
  id: "0000:00:02.0",
  vendor: "0x8086",
  device: "0x46d1",
  subsystemVendor: "0x8086",
  subsystemDevice: "0x7270",
  iommuGroup: 0,
};
const local = [{ id: "local", contentTypes: ["backup", "import", "iso", "vztmpl"] }];

/** Answers of a site that can take the stack. */
function healthy(): Facts {
  return {
    version: { release: "8.4", version: "8.4.1" },
    datastores: { gondor: local, mirkwood: local, rohan: local },
    pci: { gondor: [n100], rohan: [n100] },
    usbChecks: { mirkwood: [] },
  };
}

describe("what the preflight expects of the prod hosts", () => {
  test("the image datastore of each node's host, each iGPU mapping entry, the Zigbee dongle", () => {
    expect(expected()).toEqual({
      endpoint: "https://192.168.0.2:8006/",
      images: [
        { host: "gondor", datastore: "local" },
        { host: "mirkwood", datastore: "local" },
        { host: "rohan", datastore: "local" },
      ],
      pci: ["gondor", "rohan"].map((host) => ({
        host,
        mapping: "igpu",
        path: "0000:00:02.0",
        id: "8086:46d1",
        subsystemId: "8086:7270",
        iommuGroup: 0,
      })),
      usb: [{ host: "mirkwood", mapping: "zigbee", id: "10c4:ea60" }],
    });
  });

  test("a site that matches the inventory has no problem (PVE's 0x-prefixed hex ids compare as ids)", () => {
    expect(problems(expected(), healthy())).toEqual([]);
    expect(problems(expected(), { ...healthy(), version: { release: "9.0", version: "9.0.3" } })).toEqual([]);
  });
});

describe("one message per problem: where, what was expected, what was found", () => {
  const cases: Array<[string, (f: Facts) => void, string[]]> = [
    [
      "Proxmox VE older than 8.4",
      (f) => (f.version = { release: "8.3", version: "8.3.5" }),
      [
        'Proxmox VE at https://192.168.0.2:8006/: expected release 8.4 or newer (the "import" content type and disks[].importFrom), found 8.3 (pve-manager 8.3.5)',
      ],
    ],
    [
      "an image datastore without the import content type",
      (f) => (f.datastores.rohan = [{ id: "local", contentTypes: ["vztmpl", "iso", "backup"] }]),
      [
        'host rohan: expected datastore "local" to allow content type "import" (the Talos image is downloaded there), found backup, iso, vztmpl; fix: pvesm set local --content backup,import,iso,vztmpl',
      ],
    ],
    [
      "a missing image datastore",
      (f) => (f.datastores.gondor = []),
      [
        'host gondor: expected datastore "local" (proxmox.hosts.gondor.imageDatastore), found no datastore of that name',
      ],
    ],
    [
      "a missing PCI device",
      (f) => (f.pci.gondor = []),
      [
        "host gondor: expected PCI device 0000:00:02.0 with id 8086:46d1, subsystem 8086:7270, IOMMU group 0 (mapping igpu), found no device at 0000:00:02.0",
      ],
    ],
    [
      "a PCI device with other ids and IOMMU group",
      (f) => (f.pci.rohan = [{ ...n100, device: "0x4680", iommuGroup: 2 }]),
      [
        "host rohan: expected PCI device 0000:00:02.0 with id 8086:46d1, subsystem 8086:7270, IOMMU group 0 (mapping igpu), found id 8086:4680, subsystem 8086:7270, IOMMU group 2",
      ],
    ],
    [
      "a USB device Proxmox's mapping check cannot find (warnings and other mappings ignored)",
      (f) =>
        (f.usbChecks.mirkwood = [
          { mappingId: "zigbee", severity: "error", message: "usb device '10c4:ea60' not found\n" },
          { mappingId: "zigbee", severity: "warning", message: "No mapping for node mirkwood." },
          { mappingId: "other", severity: "error", message: "usb device '1234:5678' not found" },
        ]),
      ["host mirkwood: expected USB device 10c4:ea60 (mapping zigbee), found: usb device '10c4:ea60' not found"],
    ],
    [
      "a function the token may not call",
      (f) => (f.pci.rohan = { error: "403 Permission check failed (/, Sys.Audit|Sys.Modify)" }),
      [
        "host rohan: could not list PCI devices (needs Sys.Audit on /): 403 Permission check failed (/, Sys.Audit|Sys.Modify)",
      ],
    ],
  ];

  test.each(cases)("%s", (_what, breakIt, messages) => {
    const facts = healthy();
    breakIt(facts);
    expect(problems(expected(), facts)).toEqual(messages);
  });

  test("every problem at once, in the order version, datastores, PCI, USB", () => {
    const facts = healthy();
    for (const [, breakIt] of cases) breakIt(facts);
    expect(problems(expected(), facts).map((p) => p.split(":")[0])).toEqual([
      "Proxmox VE at https",
      "host gondor",
      "host rohan",
      "host gondor",
      "host rohan",
      "host mirkwood",
    ]);
  });
});

describe("index.ts runs the preflight through the provider's functions before anything else", () => {
  const site = siteCalls(readInventory());

  const stackAndPreflightProvider = [
    "urn:pulumi:prod::portkey::pulumi:providers:proxmoxve::portkey-preflight",
    "urn:pulumi:prod::portkey::pulumi:pulumi:Stack::portkey-prod",
  ];
  const header = "the Proxmox preflight found 1 problem(s); nothing was changed (fixes: docs/proxmox-setup.md):\n  - ";

  test("asks each host exactly what the stack assumes of it", async () => {
    const { plan, error } = await renderOutcome();
    expect(error).toBeUndefined();
    expect(plan.invokes.filter((i) => i.token.startsWith("proxmoxve:"))).toEqual([
      { token: proxmoxTokens.getMappings, args: { checkNode: "mirkwood", type: "usb" } },
      { token: proxmoxTokens.getPci, args: { nodeName: "gondor" } },
      { token: proxmoxTokens.getPci, args: { nodeName: "rohan" } },
      ...["gondor", "mirkwood", "rohan"].map((nodeName) => ({
        token: proxmoxTokens.getDatastores,
        args: { filters: { id: "local" }, nodeName },
      })),
      { token: proxmoxTokens.getVersion, args: {} },
    ]);
  });

  const failures: Array<[string, string, (inputs: Record<string, any>) => Record<string, unknown>, string]> = [
    [
      "a host on Proxmox VE 8.3",
      proxmoxTokens.getVersion,
      () => ({ id: "version", release: "8.3", version: "8.3.5", repositoryId: "1f2a3b4c" }),
      'Proxmox VE at https://192.168.0.2:8006/: expected release 8.4 or newer (the "import" content type and disks[].importFrom), found 8.3 (pve-manager 8.3.5)',
    ],
    [
      "mirkwood's local datastore without the import content type",
      proxmoxTokens.getDatastores,
      ({ nodeName, filters }) => {
        const types = nodeName === "mirkwood" ? ["iso", "vztmpl"] : ["import", "iso", "vztmpl"];
        return { nodeName, filters, datastores: [{ id: "local", nodeName, type: "dir", contentTypes: types }] };
      },
      'host mirkwood: expected datastore "local" to allow content type "import" (the Talos image is downloaded there), found iso, vztmpl; fix: pvesm set local --content import,iso,vztmpl',
    ],
    [
      "rohan without its iGPU (e.g. VT-d off, or the device moved)",
      proxmoxTokens.getPci,
      ({ nodeName }) => ({
        nodeName,
        devices: nodeName === "rohan" ? [] : site[proxmoxTokens.getPci]({ nodeName }).devices,
      }),
      "host rohan: expected PCI device 0000:00:02.0 with id 8086:46d1, subsystem 8086:7270, IOMMU group 0 (mapping igpu), found no device at 0000:00:02.0",
    ],
  ];

  test.each(failures)(
    "%s: one message, and nothing registers but the stack and the preflight's provider",
    async (_what, token, answer, message) => {
      const { plan, error } = await renderOutcome({ calls: { [token]: answer } });
      expect(pulumi.RunError.isInstance(error)).toBe(true); // printed without a stack trace
      expect((error as Error).message).toBe(`${header}${message}`);
      expect(plan.resources.map((r) => r.urn)).toEqual(stackAndPreflightProvider);
    },
  );

  test("a provider function that fails becomes a problem line, not a stack trace", async () => {
    const { plan, error } = await renderOutcome({
      calls: {
        [proxmoxTokens.getMappings]: () => {
          throw new Error("403 Permission check failed (/mapping/usb/zigbee, Mapping.Audit)");
        },
      },
    });
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^the Proxmox preflight found 1 problem\(s\); .*\n {2}- host mirkwood: could not check the USB mappings \(needs Mapping\.Audit\): .*403 Permission check failed \(\/mapping\/usb\/zigbee, Mapping\.Audit\)$/,
    );
    expect(plan.resources.map((r) => r.urn)).toEqual(stackAndPreflightProvider);
  });
});
