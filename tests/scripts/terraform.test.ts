// The bridge's naming rules as scripts/providers/terraform.ts applies them, on a small schema in the
// shape `tofu providers schema -json` prints: camelCase to snake_case, plural names for lists of
// many, an object for a block of at most one, `id` never an input, unmapped inputs refused.
import { pulumiNames, terraformType, TfBlock, toTerraform } from "../../scripts/providers/terraform";

const block: TfBlock = {
  attributes: {
    id: { type: "string", optional: true, computed: true },
    node_name: { type: "string", required: true },
    boot_order: { type: ["list", "string"], optional: true },
    mac_addresses: { type: ["list", "string"], computed: true },
    map: {
      type: ["set", ["object", { comment: "string", iommu_group: "number", node: "string" }]],
      required: true,
    },
    entries: { type: ["list", "string"], computed: true },
  },
  block_types: {
    cpu: { nesting_mode: "list", max_items: 1, block: { attributes: { cores: { type: "number", optional: true } } } },
    disk: {
      nesting_mode: "list",
      max_items: 31,
      block: {
        attributes: { import_from: { type: "string", optional: true }, size: { type: "number", optional: true } },
      },
    },
    entry: { nesting_mode: "list", block: { attributes: { address: { type: "string", required: true } } } },
  },
};

test("tokens name the Terraform types as pulumi-proxmoxve's convertName does, in reverse", () => {
  expect(terraformType("proxmoxve:index/vmLegacy:VmLegacy")).toBe("proxmox_virtual_environment_vm");
  expect(terraformType("proxmoxve:index/vm:Vm")).toBe("proxmox_vm");
  expect(terraformType("proxmoxve:download/file:File")).toBe("proxmox_download_file");
  expect(terraformType("proxmoxve:hardware/mapping/pci:Pci")).toBe("proxmox_hardware_mapping_pci");
  expect(terraformType("proxmoxve:hardware/mapping/pci:PciLegacy")).toBe(
    "proxmox_virtual_environment_hardware_mapping_pci",
  );
  expect(() => terraformType("kubernetes:core/v1:Secret")).toThrow("is not a pulumi-proxmoxve resource token");
});

test("inputs become the Terraform body: snake case, singular lists, one-item blocks as lists, object types filled", () => {
  const { body, problems } = toTerraform(
    {
      nodeName: "rohan",
      bootOrders: ["scsi0"],
      maps: [{ node: "rohan", iommuGroup: 0 }],
      cpu: { cores: 4 },
      disks: [{ importFrom: "local:import/talos.qcow2", size: 128 }],
      entry: [{ address: "192.168.0.12" }],
    },
    block,
  );
  expect(problems).toEqual([]);
  expect(body).toEqual({
    node_name: "rohan",
    boot_order: ["scsi0"],
    map: [{ comment: null, iommu_group: 0, node: "rohan" }],
    cpu: [{ cores: 4 }],
    disk: [{ import_from: "local:import/talos.qcow2", size: 128 }],
    entry: [{ address: "192.168.0.12" }],
  });
});

test("an input no attribute is named by, or one the provider computes, is a problem naming its path", () => {
  const { problems } = toTerraform(
    { nodeName: "rohan", macAddresses: ["BC:24:11:00:00:12"], id: "107", cpu: { cors: 4 }, maps: [{ nod: "x" }] },
    block,
  );
  expect(problems).toEqual([
    "cpu.cors: no attribute or block of the provider's schema is named so by the bridge",
    "id: no attribute or block of the provider's schema is named so by the bridge",
    "macAddresses: mac_addresses is computed by the provider and cannot be set",
    "maps[0].nod: the object type has no attribute named so by the bridge",
  ]);
});

test("a list block of many that can hold only one item is refused as an object, and the SDK's names are listed", () => {
  expect(toTerraform({ disks: { size: 1 } }, block).problems).toEqual(['disks: a list was expected, not {"size":1}']);
  expect(pulumiNames(block)).toEqual(["bootOrders", "cpu", "disks", "entry", "maps", "nodeName"]);
});
