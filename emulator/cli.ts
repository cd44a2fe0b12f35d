/**
 * `npm run emulator -- --port <p> [--proxy-port <p>] [--exit-on-stdin-close]`: starts the emulator, prints
 * ONE JSON line (endpoints, CONNECT proxy URL, CA path, demo credentials, seeded ids), then answers admin commands read on stdin, one JSON
 * line each (admin-commands.ts), and runs until SIGINT/SIGTERM. The end of stdin stops it only with
 * `--exit-on-stdin-close` (otherwise a run with stdin closed or ignored keeps serving).
 */
import { createInterface } from "node:readline";
import { answerAdminLine } from "./admin-commands";
import { startEmulator } from "./index";

/** The integer after `flag`, or 0 (pick a free port). */
function portArg(flag: string): number {
  const i = process.argv.indexOf(flag);
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  return Number.isInteger(port) ? port : 0;
}

async function main(): Promise<void> {
  const exitOnStdinClose = process.argv.includes("--exit-on-stdin-close");
  const emu = await startEmulator({ port: portArg("--port"), proxyPort: portArg("--proxy-port") });
  const region = emu.credentials.huawei.region;
  process.stdout.write(
    JSON.stringify({
      url: emu.url,
      port: emu.port,
      proxyUrl: emu.proxyUrl,
      proxyPort: emu.proxyPort,
      caPath: emu.caPath,
      endpoints: {
        ucs: emu.endpoints.ucs,
        tke: emu.endpoints.tke,
        cce: emu.endpoints.cce(region),
        iam: emu.endpoints.iam(region),
        vpcep: emu.endpoints.vpcep(region),
      },
      credentials: emu.credentials,
      seed: emu.seed,
    }) + "\n",
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emu.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    const answer = answerAdminLine(emu, line);
    if (answer) process.stdout.write(JSON.stringify(answer) + "\n");
  });
  lines.on("close", () => {
    if (exitOnStdinClose) stop();
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
