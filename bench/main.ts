/** `npm run bench` (through scripts/bench.js): full sizes, prints the table, writes bench/results.json. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FULL, formatTable, runBenchmarks } from "./run";

runBenchmarks({ ...FULL, log: (line) => process.stderr.write(`${line}\n`) })
  .then((results) => {
    writeFileSync(join(__dirname, "results.json"), JSON.stringify(results, null, 2) + "\n");
    process.stdout.write(formatTable(results) + "\n");
  })
  .catch((err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });
