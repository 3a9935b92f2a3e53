// Input paths and the replace-rule matching the gate relies on.
import { diffValues, pathMatches, segments, showValue } from "../../../planner/diff/paths";

describe("input paths", () => {
  test.each([
    ["vmId", "vmId", true],
    ["disks[0].fileId", "disks[*].fileId", true],
    ["disks[1].importFrom", "disks[*].fileId", false],
    ["disks[0]", "disks[*].fileId", true],
    ["clone.vmId", "clone", true],
    ["efiDisk.datastoreId", "efiDisk.type", false],
    ["vmIdx", "vmId", false],
  ])("%s against rule %s matches: %s", (changed, rule, expected) => {
    expect(pathMatches(changed, rule)).toBe(expected);
  });

  test("keys that are not identifiers are quoted and split back", () => {
    const [change] = diffValues(
      { metadata: { labels: { "app.kubernetes.io/name": "a" } } },
      { metadata: { labels: { "app.kubernetes.io/name": "b" } } },
    );
    expect(change.path).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(segments(change.path)).toEqual(["metadata", "labels", "app.kubernetes.io/name"]);
  });

  test("redacted secrets compare equal; a path that appears or vanishes shows as absent", () => {
    expect(diffValues({ key: "[secret]" }, { key: "[secret]" })).toEqual([]);
    expect(diffValues({ a: 1 }, { b: [] })).toEqual([
      { path: "a", base: 1, head: undefined },
      { path: "b", base: undefined, head: [] },
    ]);
    expect(showValue(undefined)).toBe("(absent)");
  });
});
