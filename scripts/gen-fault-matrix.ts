/**
 * Renders the fault matrix of docs/reliability.md from the outcomes test/integration/reliability/fault-matrix.test.ts
 * wrote ({@link resultsPath}, outside the source tree): one row per vendor operation, one column per fault. Only
 * the block between {@link BEGIN} and {@link END} is rewritten; the rest of the file (hand-written text, other
 * generated blocks) is left as it is. The test compares the same rendering with the committed block.
 * Run (after the test): `npx ts-node --transpile-only scripts/gen-fault-matrix.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Cell {
  outcome: string;
  attempts: number;
  vendorCode?: string;
  note?: string;
}
type Results = Record<string, Record<string, Cell>>;

export const BEGIN = "<!-- BEGIN GENERATED: fault-matrix -->";
export const END = "<!-- END GENERATED: fault-matrix -->";

const root = join(__dirname, "..");
const target = join(root, "docs/reliability.md");

/** Where the test writes its outcomes and this script reads them: $FAULT_MATRIX_RESULTS, else the OS temp dir. */
export function resultsPath(): string {
  return process.env.FAULT_MATRIX_RESULTS || join(tmpdir(), "pulumi-cloud-kubeconfig-fault-matrix.results.json");
}

const SUPERSCRIPTS = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

/** The footnotes of failed-fast cells, in order of first appearance: note → its mark. */
function footnotes(results: Results): Map<string, string> {
  const marks = new Map<string, string>();
  for (const op of Object.keys(results))
    for (const c of Object.values(results[op]))
      if (c.outcome === "failed fast" && c.note && !marks.has(c.note)) {
        if (marks.size >= SUPERSCRIPTS.length) throw new Error("too many distinct footnotes");
        marks.set(c.note, SUPERSCRIPTS[marks.size]);
      }
  return marks;
}

/** One table cell: ✅ retried (attempts) · ⛔ failed fast (vendor code, footnote mark) · ✔ succeeded. */
export function cellText(c: Cell | undefined, marks: Map<string, string> = new Map()): string {
  if (!c) return "n/a";
  if (c.outcome === "retried, succeeded") return `✅ retried, ok (${c.attempts} calls)`;
  if (c.outcome === "failed fast") {
    const mark = c.note ? marks.get(c.note) || "" : "";
    return `⛔ fails fast${c.vendorCode ? ` \`${c.vendorCode}\`` : ""}${mark}`;
  }
  return `✔ ok${c.note ? ` (${c.note})` : ""}`;
}

/** The generated block: the table and its footnotes, without the markers. */
export function render(results: Results): string {
  const ops = Object.keys(results);
  const faults: string[] = [];
  for (const op of ops) for (const f of Object.keys(results[op])) if (!faults.includes(f)) faults.push(f);
  const marks = footnotes(results);
  const lines = [`| Operation | ${faults.join(" | ")} |`, `|---|${faults.map(() => "---").join("|")}|`];
  for (const op of ops) lines.push(`| ${op} | ${faults.map((f) => cellText(results[op][f], marks)).join(" | ")} |`);
  for (const [note, mark] of marks) lines.push("", `${mark} ${note[0].toUpperCase()}${note.slice(1)}.`);
  return lines.join("\n");
}

/** `doc` with the block between the markers replaced by `block`; throws when the markers are missing. */
export function replaceBlock(doc: string, block: string): string {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin < 0 || end < begin || doc.indexOf(BEGIN, begin + 1) >= 0) {
    throw new Error(`docs/reliability.md needs exactly one ${BEGIN} … ${END} pair`);
  }
  return `${doc.slice(0, begin + BEGIN.length)}\n${block}\n${doc.slice(end)}`;
}

if (require.main === module) {
  const results = JSON.parse(readFileSync(resultsPath(), "utf8")) as Results;
  writeFileSync(target, replaceBlock(readFileSync(target, "utf8"), render(results)));
  process.stdout.write(`wrote the fault matrix block of ${target}\n`);
}
