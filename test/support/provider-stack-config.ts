/**
 * Sets the stack config the in-process provider reads, as `configure()` does with the engine's, for suites that
 * drive the provider's process context. A test that needs no process state passes its own context instead
 * (`provider(kind, { config, env, now, transport })`).
 */
import { configureContext, type StackConfig } from "../../provider/resources/context";

export type { StackConfig };

export function resetStackConfig(config: StackConfig = {}): void {
  configureContext((key) => config[key as keyof StackConfig]);
}
