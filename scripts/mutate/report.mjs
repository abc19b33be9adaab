// Turns Stryker's JSON reports (reports/mutation/<part>.json) into the results section of docs/testing.md:
// the score of each part against its target, and every surviving mutant with the reason it is kept, from
// tools/mutate/kept.json ({ "<file>:<line>": "reason" }, or "<file>" for all of a file's survivors).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT_OF_PROCESS } from "../../tools/mutate/stryker.config.mjs";

const PARTS = [
  { name: "core", file: "core", prefix: "packages/core/", target: 85 },
  { name: "keystores", file: "keystores", prefix: "packages/keystores/", target: 75 },
  { name: "CLI command layer", file: "cli", prefix: "packages/cli/", target: 75 },
];
const START = "<!-- mutation: results of the last full run -->";
const END = "<!-- /mutation -->";

/** Scores per part, and the survivors with their reasons; returns the parts that miss their target. */
export function writeReport(root, { commit, seconds }) {
  const kept = JSON.parse(readFileSync(join(root, "tools/mutate/kept.json"), "utf8"));
  const files = PARTS.flatMap((part) => {
    const report = JSON.parse(readFileSync(join(root, `reports/mutation/${part.file}.json`), "utf8"));
    return Object.entries(report.files)
      .map(([path, file]) => [path.replace(`${root}/`, ""), file])
      .filter(([path]) => !OUT_OF_PROCESS.includes(path));
  });

  const rows = [];
  const misses = [];
  for (const part of PARTS) {
    const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 };
    for (const [path, file] of files) {
      if (!path.startsWith(part.prefix)) continue;
      for (const m of file.mutants) counts[m.status in counts ? m.status : "other"] += 1;
    }
    const detected = counts.Killed + counts.Timeout;
    const valid = detected + counts.Survived + counts.NoCoverage;
    const score = valid === 0 ? 0 : (100 * detected) / valid;
    if (score < part.target) misses.push(part.name);
    rows.push(
      `| ${part.name} | ${valid} | ${counts.Killed} | ${counts.Timeout} | ${counts.Survived} | ` +
        `${counts.NoCoverage} | ${counts.Ignored} | **${score.toFixed(1)}%** | ${part.target}% |`,
    );
  }

  const survivors = [];
  let unexplained = 0;
  let surviving = 0;
  const labels = new Map();
  for (const [path, file] of files.sort(([a], [b]) => (a < b ? -1 : 1))) {
    const lines = file.source.split("\n");
    const left = file.mutants
      .filter((m) => m.status === "Survived" || m.status === "NoCoverage")
      .sort(
        (a, b) =>
          a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
      );
    if (left.length === 0) continue;
    survivors.push("", `### ${path}`, "");
    for (const m of left) {
      const { line } = m.location.start;
      const reason = kept[`${path}:${line}`] ?? kept[path];
      surviving += 1;
      if (!reason) unexplained += 1;
      const label =
        /^(equivalent|out of process|not observable|gap):/.exec(reason ?? "")?.[1] ?? "unlabelled";
      if (reason) labels.set(label, (labels.get(label) ?? 0) + 1);
      const was = clip(original(lines, m.location));
      const now = clip(m.replacement ?? "");
      const status = m.status === "NoCoverage" ? " (no test reaches it)" : "";
      survivors.push(
        `- ${line}: ${m.mutatorName} \`${was}\` → \`${now}\`${status}: ${reason ?? "**not explained**"}`,
      );
    }
  }

  const labelled = [...labels].map(([label, n]) => `${n} ${label}`).join(", ");
  const section = [
    START,
    "",
    `Scores of commit ${commit} (${new Date().toISOString().slice(0, 10)}; Node 22, StrykerJS 10.1.1` +
      `${seconds > 0 ? `, ${Math.round(seconds / 60)} minutes on two cores` : ""}). The score is detected (killed ` +
      "or timed out) over detected, survived and not covered; static mutants are ignored.",
    "",
    "| part | mutants | killed | timed out | survived | not covered | ignored | score | target |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `### Surviving mutants (${surviving} in all: ${labelled}; ${unexplained} not explained)`,
    "",
    "Each with the reason it survives, from tools/mutate/kept.json (one per line of code): `equivalent` (no input",
    "tells the two programs apart), `out of process` (the code runs only in the built binary or a child, where",
    "tests check it, out of Stryker's sight), `not observable` (wording of a debug trace, a timing), or `gap`: a",
    "test that should exist and does not yet, listed here so that it is not forgotten. Reasons without a label were",
    "written before the labels, and mean equivalent or not observable, as they say.",
    ...survivors,
    "",
    END,
  ].join("\n");
  const docPath = join(root, "docs/testing.md");
  const doc = readFileSync(docPath, "utf8");
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < 0) throw new Error(`docs/testing.md has no ${START} ... ${END} section`);
  writeFileSync(docPath, doc.slice(0, from) + section + doc.slice(to + END.length));
  return { misses, unexplained };
}

function original(lines, { start, end }) {
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  const first = lines[start.line - 1].slice(start.column - 1);
  return `${first} …`;
}

function clip(text) {
  const one = text.replace(/\s+/g, " ").trim().replaceAll("`", "'");
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
