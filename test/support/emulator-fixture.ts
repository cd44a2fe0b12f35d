import { Agent, buildConnector } from "undici";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator";

export interface EmulatorFixture {
  /** The suite's emulator: read it inside tests and hooks (it is started in `beforeAll`). */
  emu: EmulatorHandle;
  /** An undici Agent that trusts the emulator's CA (usable once the emulator has started). */
  agent: Agent;
}

export interface EmulatorFixtureOptions {
  /** Passed to `startEmulator`. */
  start?: EmulatorOptions;
  /** Clears the faults after each test, so a fault added by one test never reaches the next. */
  clearFaultsAfterEach?: boolean;
}

/**
 * Registers the hooks of a suite that talks to one emulator: start it before all tests, stop it and close the
 * Agent after them. Both values can be taken apart at module level (`const { emu, agent } = useEmulator()`):
 * `emu` forwards every property to the handle started in `beforeAll`, and `agent` connects with that
 * emulator's CA, so the test code reads them like plain variables.
 */
export function useEmulator(options: EmulatorFixtureOptions = {}): EmulatorFixture {
  let started: EmulatorHandle | undefined;
  let connector: buildConnector.connector | undefined;
  const running = (): EmulatorHandle => {
    if (!started) throw new Error("the emulator is used before its beforeAll hook ran");
    return started;
  };
  const emu = new Proxy({} as EmulatorHandle, { get: (_target, key) => Reflect.get(running(), key) });
  const agent = new Agent({
    connect: (opts, callback) => {
      if (!connector) connector = buildConnector({ ca: running().caPem });
      connector(opts, callback);
    },
  });

  beforeAll(async () => {
    started = await startEmulator(options.start);
  });
  afterAll(async () => {
    await agent.close();
    await started?.stop();
  });
  if (options.clearFaultsAfterEach) afterEach(() => running().faults.clear());
  return { emu, agent };
}
