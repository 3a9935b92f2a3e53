import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { prodStackFile, readInventory } from "../../planner/stackFile";

function stackFileWith(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portkey-")), "Pulumi.copy.yaml");
  fs.writeFileSync(file, text);
  return file;
}

describe("reading a stack file", () => {
  it("refuses two nodes with one hostname, naming the key and its line", () => {
    const text = fs.readFileSync(prodStackFile, "utf8").replace("    metal2:\n", "    metal1:\n");
    expect(() => readInventory(stackFileWith(text))).toThrow(
      /^Pulumi\.copy\.yaml: Map keys must be unique at line \d+, column 5:/,
    );
  });

  it("refuses keys outside the portkey namespace (provider settings belong in code)", () => {
    const text = fs
      .readFileSync(prodStackFile, "utf8")
      .replace("config:\n", "config:\n  proxmoxve:endpoint: https://x:8006/\n");
    expect(() => readInventory(stackFileWith(text))).toThrow("proxmoxve:endpoint is outside the portkey namespace");
  });
});
