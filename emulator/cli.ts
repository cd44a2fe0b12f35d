/**
 * `npm run emulator -- --port <p>`: starts the emulator, prints ONE JSON line (endpoints, CA path,
 * demo credentials, seeded ids) and runs until SIGINT/SIGTERM.
 */
import { startEmulator } from "./index";

async function main(): Promise<void> {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  const emu = await startEmulator({ port: Number.isInteger(port) ? port : 0 });
  const region = emu.credentials.huawei.region;
  process.stdout.write(
    JSON.stringify({
      url: emu.url,
      port: emu.port,
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
  const stop = () => {
    emu.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`emulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
