/**
 * A warning for the person running `pulumi up`. The dynamic-provider process has no engine log channel, so it
 * goes to stderr, which the engine shows with the resource's other diagnostics.
 */
import { redact } from "../http/redact";

export function warn(message: string): void {
  process.stderr.write(`warning: ${redact(message)}\n`);
}
