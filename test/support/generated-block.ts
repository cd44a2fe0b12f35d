/**
 * Generated blocks in the repository's docs: the text between `<!-- BEGIN GENERATED: name -->` and
 * `<!-- END GENERATED: name -->` is what a test found. The test compares it; `UPDATE_DOCS=1` rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./build-dist";

/** Markers of a generated block in a markdown file. */
export function blockMarkers(name: string): { begin: string; end: string } {
  return { begin: `<!-- BEGIN GENERATED: ${name} -->`, end: `<!-- END GENERATED: ${name} -->` };
}

/**
 * Compares the block `name` of `file` with `content`. With `update`, rewrites only that block (the rest of the
 * file is left byte for byte). Returns the block found in the file (undefined when the markers are missing).
 */
export function syncGeneratedBlock(
  file: string,
  name: string,
  content: string,
  update: boolean,
): { found: string | undefined; written: boolean } {
  const text = readFileSync(file, "utf8");
  const { begin, end } = blockMarkers(name);
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) return { found: undefined, written: false };
  const found = text
    .slice(start + begin.length, stop)
    .replace(/^\n/, "")
    .replace(/\n$/, "");
  if (found === content || !update) return { found, written: false };
  writeFileSync(file, `${text.slice(0, start + begin.length)}\n${content}\n${text.slice(stop)}`);
  return { found, written: true };
}

/**
 * Fails when the block `name` of `doc` (a path from the repository root) is not `content`, or is missing; with
 * UPDATE_DOCS=1 rewrites the block instead.
 */
export function expectGeneratedBlock(doc: string, name: string, content: string): void {
  const { found, written } = syncGeneratedBlock(join(REPO_ROOT, doc), name, content, process.env.UPDATE_DOCS === "1");
  const { begin, end } = blockMarkers(name);
  if (found === undefined) throw new Error(`${doc} has no ${begin} … ${end} block`);
  if (!written) expect(found).toBe(content);
}
