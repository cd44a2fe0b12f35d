/**
 * The admin commands the CLI reads on stdin, one JSON object a line (`{"id":1,"command":"addFault",...}`),
 * each answered by one JSON line (`{"id":1,"ok":true,"result":...}` or `{"id":1,"ok":false,"error":"..."}`).
 * See emulator/README.md for the command list.
 */
import { z } from "zod";
import type { EmulatorHandle } from "./index";

const Tag = z.object({ key: z.string(), value: z.string() });
const Fault = z.strictObject({
  operation: z.string().min(1),
  times: z.number().int().min(1).optional(),
  phase: z.enum(["before", "after"]).optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfter: z.string().optional(),
  delayMs: z.number().int().min(0).optional(),
  hang: z.literal(true).optional(),
  reset: z.literal(true).optional(),
  body: z.union([z.enum(["malformed-json", "truncated", "html"]), z.object({ json: z.unknown() })]).optional(),
  vendorCode: z.string().optional(),
});
const Command = z.discriminatedUnion("command", [
  z.object({ command: z.literal("addFault"), fault: Fault }),
  z.object({ command: z.literal("clearFaults") }),
  z.object({ command: z.literal("advanceClock"), ms: z.number() }),
  z.object({ command: z.literal("setClock"), time: z.iso.datetime({ offset: true }) }),
  z.object({
    command: z.literal("setRateLimit"),
    operation: z.string().min(1),
    perSecond: z.number().positive().nullable().optional(),
  }),
  z.object({ command: z.literal("issuanceCounts") }),
  z.object({ command: z.literal("vpcEndpoints") }),
  z.object({
    command: z.literal("createVpcEndpoint"),
    endpoint: z.object({
      projectId: z.string().min(1),
      vpcId: z.string().min(1),
      subnetId: z.string().min(1).optional(),
      endpointServiceName: z.string().min(1),
      endpointServiceId: z.string().min(1),
      tags: z.array(Tag).optional(),
    }),
  }),
  z.object({ command: z.literal("deleteVpcEndpoint"), endpointId: z.string().min(1) }),
  z.object({ command: z.literal("calls"), since: z.number().int().min(0).optional() }),
]);

/** One answer line (without the trailing newline). */
export type AdminAnswer = { id: unknown; ok: true; result: unknown } | { id: unknown; ok: false; error: string };

/** Runs one command on the emulator; the result is plain JSON (dates as ISO strings). */
export function runAdminCommand(emu: EmulatorHandle, input: unknown): unknown {
  const parsed = Command.safeParse(input);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".") || "command"}: ${i.message}`).join("; "));
  }
  const c = parsed.data;
  switch (c.command) {
    case "addFault":
      emu.faults.add(c.fault);
      return null;
    case "clearFaults":
      emu.faults.clear();
      return null;
    case "advanceClock":
      emu.clock.advance(c.ms);
      return emu.clock.now().toISOString();
    case "setClock":
      emu.clock.set(new Date(c.time));
      return emu.clock.now().toISOString();
    case "setRateLimit":
      emu.setRateLimit(c.operation, c.perSecond === null ? undefined : c.perSecond);
      return null;
    case "issuanceCounts":
      return emu.admin.issuanceCounts();
    case "vpcEndpoints":
      return plain(emu.admin.liveVpcEndpoints());
    case "createVpcEndpoint":
      return plain(emu.admin.createVpcEndpoint(c.endpoint));
    case "deleteVpcEndpoint":
      return plain(emu.admin.deleteVpcEndpoint(c.endpointId));
    case "calls":
      return plain(emu.state.calls.slice(c.since || 0));
  }
}

/** Answers one stdin line; blank lines get no answer (undefined). */
export function answerAdminLine(emu: EmulatorHandle, line: string): AdminAnswer | undefined {
  if (line.trim() === "") return undefined;
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (e) {
    return { id: null, ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const id = typeof input === "object" && input !== null && "id" in input ? (input as { id: unknown }).id : null;
  try {
    return { id, ok: true, result: runAdminCommand(emu, input) };
  } catch (e) {
    return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x)) as unknown;
}
