// Reads the structured output of talosctl and kubectl for the scripts of this folder: the runner
// that executes `pulumi up` always has node (Pulumi's Node.js runtime), jq and python are not
// guaranteed. CommonJS, no dependencies. Usage: <tool> ... -o json | node read.js <query> [arg...]
"use strict";

// talosctl -o json writes one indented JSON object per resource, back to back, each with a `node`
// key added (talos v1.12.3 cmd/talosctl/cmd/talos/output/json.go:67 and :76-90): a stream, not an
// array, so JSON.parse of the whole text fails as soon as there are two resources.
function parseStream(text) {
  const values = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if (c === "}" || c === "]") {
      if (--depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
    } else if (depth === 0 && !/\s/.test(c)) throw new Error(`not JSON at offset ${i}: ${text.slice(i, i + 20)}`);
  }
  if (depth !== 0) throw new Error("truncated JSON");
  return values;
}

const queries = {
  /** The version of the extension with this name ("" when there is none): `talosctl get extensions -o json`. */
  "extension-version": (resources, name) =>
    resources.filter((r) => r.spec?.metadata?.name === name).map((r) => r.spec.metadata.version)[0] ?? "",
  /** How many distinct etcd member IDs these nodes report: `talosctl -n <cps> get etcdmembers -o json`. */
  "etcd-member-count": (resources) =>
    String(new Set(resources.map((r) => r.spec?.memberID).filter((id) => typeof id === "string" && id !== "")).size),
  /** The API server's gitVersion: `kubectl get --raw /version`. */
  "server-version": (values) => values[0]?.gitVersion ?? "",
  /** Every kubelet's version, one a line: `kubectl get nodes -o json`. */
  "kubelet-versions": (values) =>
    (values[0]?.items ?? []).map((n) => n.status?.nodeInfo?.kubeletVersion ?? "").join("\n"),
};

/** Runs one named query on the text of a tool's output; throws on an unknown query or bad JSON. */
function read(query, text, ...args) {
  const q = queries[query];
  if (!q) throw new Error(`unknown query "${query}" (known: ${Object.keys(queries).join(", ")})`);
  return q(parseStream(text), ...args);
}

module.exports = { parseStream, read, queries };

if (require.main === module) {
  const chunks = [];
  process.stdin.on("data", (c) => chunks.push(c));
  process.stdin.on("end", () => {
    try {
      const out = read(process.argv[2], Buffer.concat(chunks).toString("utf8"), ...process.argv.slice(3));
      process.stdout.write(out === "" ? "" : `${out}\n`);
    } catch (e) {
      process.stderr.write(`read.js: ${e.message}\n`);
      process.exit(2);
    }
  });
}
