import type { CallRecord, EmulatorHandle } from "../../emulator";

/**
 * Runs `fn` the moment the emulator records a successful answer to `operation`, e.g. adds a `ListEndpoints`
 * fault right after `CreateFederationConnection` made its VPC endpoint. A fault with `phase: "after"` keeps the
 * route's real status in the record, so the hook also fires when the work was done but the answer was lost.
 * Returns the function that removes the hook.
 */
export function onSuccessfulCall(emu: EmulatorHandle, operation: string, fn: () => void): () => void {
  const calls = emu.state.calls;
  const push = calls.push.bind(calls);
  calls.push = (...items: CallRecord[]) => {
    const n = push(...items);
    if (items.some((c) => c.operation === operation && c.status < 400)) fn();
    return n;
  };
  return () => {
    calls.push = push;
  };
}
