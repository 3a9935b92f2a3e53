// Every relative link in the README, CONTRIBUTING.md and docs/ points to a file that exists and, with a
// #fragment into markdown, to a heading that exists, so the operator's manual cannot rot. Reads files only.
import * as fs from "fs";
import * as path from "path";

const root = path.join(__dirname, "..", "..");

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

/** The lines outside fenced code blocks. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split("\n").filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to '-', repeats numbered. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of prose(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const plain = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    result.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return result;
}

/** Relative link targets ("path", "path#fragment", "#fragment"), outside code. */
export function relativeLinks(text: string): string[] {
  const links: string[] = [];
  for (const line of prose(text)) {
    const code = line.replace(/`[^`]*`/g, "");
    for (const m of code.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1].replace(/^<|>$/g, "");
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("/")) links.push(target);
    }
  }
  return links;
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(fs.readFileSync(file, "utf8"))) {
    const [target, fragment] = link.split("#", 2);
    const resolved = target === "" ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
    if (!fs.existsSync(resolved)) {
      broken.push(`${link}: no file ${path.relative(root, resolved)}`);
    } else if (fragment !== undefined && resolved.endsWith(".md")) {
      if (!anchors(fs.readFileSync(resolved, "utf8")).has(decodeURIComponent(fragment)))
        broken.push(`${link}: no heading #${fragment} in ${path.relative(root, resolved)}`);
    }
  }
  return broken;
}

const files = [
  path.join(root, "README.md"),
  path.join(root, "CONTRIBUTING.md"),
  ...markdownFiles(path.join(root, "docs")),
].map((f) => path.relative(root, f));

describe("documentation links", () => {
  test.each(files)("every relative link in %s resolves to a file and heading", (file) => {
    expect(brokenLinks(path.join(root, file))).toEqual([]);
  });

  test("anchors follow GitHub's rule (punctuation dropped, spaces to '-', repeats numbered)", () => {
    const text = "# moverUid / moverGid: whose files\n## 3. User, role and token\n## `pulumi up`\n## `pulumi up`\n";
    expect([...anchors(text)]).toEqual([
      "moveruid--movergid-whose-files",
      "3-user-role-and-token",
      "pulumi-up",
      "pulumi-up-1",
    ]);
  });

  test("finds relative links only, outside code", () => {
    const text = "[a](a.md#x) [b](https://x.y) `[c](c.md)` [d](#y)\n```\n[e](e.md)\n```\n";
    expect(relativeLinks(text)).toEqual(["a.md#x", "#y"]);
  });
});
