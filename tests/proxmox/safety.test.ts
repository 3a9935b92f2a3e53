// The replace rules name inputs the SDK really sends, so later checks compare the right paths.
import * as fs from "fs";
import { proxmoxReplaceRules } from "../../infra/proxmox/safety";
import { proxmoxTokens } from "../../infra/tokens";

const sdk = require.resolve("@muhlba91/pulumi-proxmoxve/package.json").replace(/package\.json$/, "");
const sdkFiles: Record<string, string> = {
  [proxmoxTokens.vm]: "vmLegacy.js",
  [proxmoxTokens.downloadFile]: "download/file.js",
  [proxmoxTokens.pciMapping]: "hardware/mapping/pci.js",
  [proxmoxTokens.usbMapping]: "hardware/mapping/usb.js",
};

function sdkInputs(type: string): string[] {
  const js = fs.readFileSync(`${sdk}${sdkFiles[type]}`, "utf8");
  const body = js.slice(js.lastIndexOf("else {"));
  return [...body.matchAll(/resourceInputs\["(\w+)"\] = args/g)].map((m) => m[1]);
}

describe("proxmox replace rules", () => {
  test.each(proxmoxReplaceRules.map((r) => [r.type, r.inputs.join(", "), r]))(
    "%s: %s are inputs of the 8.6.0 SDK",
    (_type, _inputs, rule) => {
      const inputs = sdkInputs(rule.type);
      for (const path of rule.inputs) expect(inputs).toContain(path.split(/[.[]/)[0]);
      expect(rule.source).toMatch(/^https:\/\/github\.com\/bpg\/terraform-provider-proxmox\//);
    },
  );
});
