// What the schema fills in and how it orders what it reads: defaults that depend on where a key
// is, optional sections left out, and maps in sorted order whatever the stack file's order.
import { siteConfig } from "../site";
import { variant, variants } from "./variants";

/** The prod inventory (no changes). */
const prod = () => variants([]);

describe("parseConfig defaults", () => {
  it("gives an app backups.retentionDays unless it sets its own", () => {
    const config = siteConfig(
      variants([
        ["backups.retentionDays", 3],
        ["backups.apps.grocy.retentionDays", 30],
      ]),
    );
    expect([config.backups.apps.grocy.retentionDays, config.backups.apps.mosquitto.retentionDays]).toEqual([30, 3]);
  });

  it("names an app's namespace and volume after the app unless it sets them", () => {
    const config = siteConfig(
      variants([
        ["backups.apps.grocy.namespace", "household"],
        ["backups.apps.grocy.pvc", "grocy-data"],
      ]),
    );
    const { grocy, paperless } = config.backups.apps;
    expect([grocy.namespace, grocy.pvc, paperless.namespace, paperless.pvc]).toEqual([
      "household",
      "grocy-data",
      "paperless",
      "paperless",
    ]);
  });

  it("fills in an app's other defaults: phase restore, restoreRun 0", () => {
    const { mosquitto } = siteConfig(prod()).backups.apps;
    expect(mosquitto).toEqual({
      schedule: "daily",
      capacity: "1Gi",
      namespace: "mosquitto",
      pvc: "mosquitto",
      retentionDays: 7,
      phase: "restore",
      restoreRun: 0,
    });
  });

  it("leaves optional keys out when the stack does: no caCert, no USB on rohan", () => {
    const config = siteConfig(variant("talos", undefined));
    expect(["caCert" in config.backups, config.proxmox.hosts.rohan.usb]).toEqual([false, {}]);
    expect(config.talos).toEqual({ applyTimeout: "15m", healthTimeout: "30m" });
  });

  it("fills in etcd snapshots' schedule and region, and leaves the endpoint and prefix to the layer", () => {
    expect(siteConfig(prod()).backups.etcd).toEqual({ schedule: "30 */6 * * *", bucket: "etcd", region: "us-east-1" });
    expect("etcd" in siteConfig(variant("backups.etcd", undefined)).backups).toBe(false);
  });
});

describe("parseConfig map order", () => {
  it("returns backup apps sorted by name, not in the stack file's order", () => {
    expect(Object.keys(siteConfig(prod()).backups.apps)).toEqual([
      "babybuddy",
      "grocy",
      "homeassistant",
      "mosquitto",
      "paperless",
      "vaultwarden",
      "zigbee2mqtt",
    ]);
  });

  it("returns nodes sorted by hostname when the file lists them in reverse", () => {
    const inventory = prod();
    inventory.nodes = Object.fromEntries(Object.entries(inventory.nodes).reverse());
    expect(Object.keys(inventory.nodes)).toEqual(["metal2", "metal1", "metal0"]);
    expect(Object.keys(siteConfig(inventory).nodes)).toEqual(["metal0", "metal1", "metal2"]);
  });
});
