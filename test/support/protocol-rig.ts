/**
 * Shared set-up of the protocol tests: an emulator, a program directory with this package installed, and one
 * dynamic-provider server (Pulumi's own gRPC server, in its own process) configured at the emulator the way
 * the engine configures it from stack config.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { emulatorSecrets, emulatorStackConfig } from "../../emulator/stack-config";
import { startProviderServer, type ProviderServer } from "./dynamic-provider-server";
import { createFixtureProgram, type FixtureProgram } from "./fixture-program";
import { expectNoSecrets } from "./secret-scan";

export interface ProtocolRig {
  emu: EmulatorHandle;
  program: FixtureProgram;
  /** The running server; a suite that restarts it stores the new one here, so the final scan reads it. */
  server: ProviderServer;
}

/** A provider server in `programDir` with `env`, configured at `emu`. */
export async function startConfiguredServer(
  programDir: string,
  emu: EmulatorHandle,
  env: Record<string, string> = {},
): Promise<ProviderServer> {
  const server = await startProviderServer(programDir, env);
  await server.configure(emulatorStackConfig(emu));
  return server;
}

/**
 * Registers the hooks of a protocol suite: starts the emulator, the program directory and a server with `env`,
 * and hands them to `started`. At the end the server's whole output is scanned for `secrets` (by default every
 * credential the emulator accepts), then the server and the emulator stop and the directory is removed.
 */
export function useProtocolRig(
  options: { env?: Record<string, string>; secrets?: (e: EmulatorHandle) => string[] },
  started: (rig: ProtocolRig) => void,
): ProtocolRig {
  const rig = {} as ProtocolRig;
  beforeAll(async () => {
    rig.emu = await startEmulator();
    rig.program = createFixtureProgram();
    rig.server = await startConfiguredServer(rig.program.dir, rig.emu, options.env);
    started(rig);
  });
  afterAll(async () => {
    if (rig.server) {
      expectNoSecrets(rig.server.output(), (options.secrets || emulatorSecrets)(rig.emu));
      await rig.server.stop();
    }
    if (rig.emu) await rig.emu.stop();
    rig.program?.cleanup();
  });
  return rig;
}
