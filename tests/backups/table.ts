// A 20-app backup table for the tests: the prod apps plus thirteen more, all daily.
export function twentyApps(): Record<string, { schedule: string; capacity: string }> {
  const names = [
    "vaultwarden",
    "homeassistant",
    "paperless",
    "zigbee2mqtt",
    "mosquitto",
    "grocy",
    "babybuddy",
    "immich",
    "jellyfin",
    "nextcloud",
    "gitea",
    "miniflux",
    "linkding",
    "freshrss",
    "mealie",
    "audiobookshelf",
    "syncthing",
    "uptime-kuma",
    "navidrome",
    "actual",
  ];
  return Object.fromEntries(
    names.map((n) => [n, { schedule: n === "vaultwarden" ? "0 */6 * * *" : "daily", capacity: "2Gi" }]),
  );
}
