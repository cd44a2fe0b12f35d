/**
 * `npm run schema`: writes everything generated from the one declaration of the resources
 * (provider/resources/kinds.ts and the zod inputs of provider/resources/inputs.ts): the SDK under sdk/
 * (scripts/gen-sdk.ts), schema.json and the resource tables of README.md (scripts/gen-schema.ts).
 * `npm run schema -- --check` writes nothing and exits 1 when a file differs from what would be generated;
 * test/unit/resources/schema.test.ts runs the same comparison.
 */
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { ROOT, buildSchema, renderResourceTables, renderSchema, spliceReadme } from "./gen-schema";
import { renderSdk } from "./gen-sdk";

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Every generated file's expected text, by path relative to the repository root. */
export function generatedFiles(): Record<string, string> {
  const schema = buildSchema();
  return {
    "schema.json": renderSchema(schema),
    "README.md": spliceReadme(readFileSync(join(ROOT, "README.md"), "utf8"), renderResourceTables(schema)),
    ...renderSdk(schema),
  };
}

/** The generated files whose text on disk differs from what the generator writes. */
export function driftedFiles(files = generatedFiles()): string[] {
  return Object.entries(files)
    .filter(([path, text]) => readOrEmpty(join(ROOT, path)) !== text)
    .map(([path]) => path);
}

function main(): void {
  const check = process.argv.includes("--check");
  const files = generatedFiles();
  const drifted = driftedFiles(files);
  for (const path of drifted) {
    if (check) process.stderr.write(`${path} is out of date: run \`npm run schema\`\n`);
    else {
      writeFileSync(join(ROOT, path), files[path]);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  if (check && drifted.length > 0) process.exit(1);
}

if (require.main === module) main();
