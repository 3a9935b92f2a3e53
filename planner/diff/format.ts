// The report as GitHub-flavoured markdown for the job summary ($GITHUB_STEP_SUMMARY): the gate's
// verdict first, then what would be destroyed, then every change per input path. Deterministic.
import { gateExitCode } from "./diffPlans";
import type { DiffReport, ResourceChange, ResourceRef } from "./types";
import { PathChange, showValue } from "./paths";

export const overrideLabel = "allow-replace";

const cell = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
const name = (r: ResourceRef) => `**${r.subject}** \`${r.type}\``;

function verdict(report: DiffReport, allowReplace: boolean): string[] {
  const n = report.violations.length;
  if (n === 0) return ["**Gate: passed.** No protected or data-bearing resource is replaced or deleted."];
  const what = `${n} protected or data-bearing resource${n === 1 ? "" : "s"} would be replaced or deleted`;
  if (allowReplace) return [`**Gate: passed by override** (\`${overrideLabel}\` label): ${what}.`];
  return [
    `**Gate: failed.** ${what}.`,
    "",
    `If this is deliberate, a second reviewer adds the \`${overrideLabel}\` label after reading the reasons below.`,
  ];
}

function table(changes: PathChange[]): string[] {
  return [
    "| path | base | head |",
    "|---|---|---|",
    ...changes.map((c) => `| ${cell(c.path)} | ${cell(showValue(c.base))} | ${cell(showValue(c.head))} |`),
  ];
}

function changedSection(c: ResourceChange): string[] {
  const replaced = c.replaceCauses.length > 0;
  const lines = [`#### ${replaced ? "+- replace" : "~ update"}: ${name(c)}`, "", `\`${c.urn}\``, ""];
  if (replaced) {
    for (const cause of c.replaceCauses)
      lines.push(`- replaced because \`${cause.path}\` matches \`${cause.rule}\` (${cause.source})`);
    lines.push("");
  }
  if (c.inputs.length > 0) lines.push(...table(c.inputs), "");
  if (c.meta.length > 0) lines.push("Options, package and provider:", "", ...table(c.meta), "");
  return lines;
}

export function formatReport(report: DiffReport, allowReplace = false): string {
  const replaced = report.changed.filter((c) => c.replaceCauses.length > 0).length;
  const lines = [
    `## Offline plan diff: ${report.project}/${report.stack}`,
    "",
    ...verdict(report, allowReplace),
    "",
    ...(report.refused.length > 0
      ? [
          `**Warning:** ${report.refused.length} update${report.refused.length === 1 ? "" : "s"} the provider would refuse at apply (see "Refused by the provider").`,
          "",
        ]
      : []),
    "| added | removed | replaced | updated | unchanged |",
    "|---|---|---|---|---|",
    `| ${report.added.length} | ${report.removed.length} | ${replaced} | ${report.changed.length - replaced} | ${report.unchanged} |`,
    "",
  ];
  if (report.violations.length > 0) {
    lines.push(`### ${allowReplace ? "Allowed by override" : "Blocked"}: would destroy data or identity`, "");
    for (const v of report.violations) {
      lines.push(`- ${name(v)} would be **${v.action === "replace" ? "replaced" : "deleted"}** (\`${v.urn}\`)`);
      for (const why of v.why) lines.push(`  - ${why}`);
    }
    lines.push("");
  }
  if (report.rolls.length > 0) {
    lines.push("### Rolls nodes", "");
    for (const roll of report.rolls) {
      const nodes = roll.nodes.join(roll.sequential ? " → " : ", ");
      const [first, ...more] = roll.changes.map((c) => `\`${c.path}\` ${showValue(c.base)} → ${showValue(c.head)}`);
      lines.push(`- **${nodes}** — ${roll.what}: ${first}`, ...more.map((m) => `  - ${m}`));
    }
    lines.push("");
  }
  if (report.refused.length > 0) {
    lines.push(
      "### Refused by the provider",
      "",
      "These updates would fail at apply, changing nothing: split them (grow the disk in a pull request of its own, or power-cycle the node first: docs/runbooks/power-cycle-a-node.md).",
      "",
    );
    const show = (cs: PathChange[]) =>
      cs.map((c) => `\`${c.path}\` ${showValue(c.base)} → ${showValue(c.head)}`).join("; ");
    for (const r of report.refused)
      lines.push(`- **${r.subject}**: ${show(r.grown)} together with ${show(r.pending)}: "${r.refusal}" (${r.source})`);
    lines.push("");
  }
  if (report.powerCycles.length > 0) {
    lines.push(
      "### Needs a power cycle",
      "",
      "Pending on the VM until it restarts; restart one node at a time (docs/runbooks/power-cycle-a-node.md).",
      "",
    );
    for (const p of report.powerCycles)
      lines.push(
        `- **${p.subject}**: ${p.changes.map((c) => `\`${c.path}\` ${showValue(c.base)} → ${showValue(c.head)}`).join("; ")}`,
      );
    lines.push("");
  }
  if (report.removed.length > 0) {
    lines.push("### Deleted", "");
    for (const r of report.removed)
      lines.push(`- ${name(r)} \`${r.urn}\`${r.recreatedAs ? ` (recreated as \`${r.recreatedAs}\`)` : ""}`);
    lines.push("");
  }
  if (report.added.length > 0) {
    lines.push("### Created", "");
    for (const r of report.added) lines.push(`- ${name(r)} \`${r.urn}\``);
    lines.push("");
  }
  if (report.changed.length > 0) {
    lines.push("### Changed", "");
    for (const c of report.changed) lines.push(...changedSection(c));
  }
  lines.push(
    "> Secrets are `[secret]` in both offline plans, so a change of a secret value cannot be seen here;",
    "> values marked `[unknown]` are only known after apply. The `preview` job shows the real diff.",
    "",
    `Exit code: ${gateExitCode(report, allowReplace)}`,
    "",
  );
  return lines.join("\n");
}
