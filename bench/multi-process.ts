/**
 * Metric 3b, several provider processes sharing one account's limit: P dynamic-provider processes (as P
 * concurrent `pulumi up` runs of one account) each issue M creates, all at once, against the emulator's limit for
 * the operation, which all processes share. Each process paces itself near the published limit, so together they
 * overshoot it P times and must adapt to the vendor's throttling answers. Reports the aggregate rate of
 * successful vendor calls ÷ limit, the creates that failed at the caller (goal 0), and the throttled answers the
 * transports absorbed.
 */
import type { EmulatorHandle } from "../emulator";
import { startProviderServer, urnOf, type ProviderServer } from "../test/support/dynamic-provider-server";
import { stackConfig } from "./emulator-setup";
import { fromSamples, median, round, type Metric } from "./metric";
import { serializeShim } from "./state-weight";
import type { FleetCase } from "./throughput";

/** Vendor throttling codes as the emulator answers them (emulator/index.ts rate-limit branch). */
const THROTTLE = /RequestLimitExceeded|UCS\.01000002|APIGW\.0308|throttl|rate/i;

export interface MultiProcessSizes {
  processes: number;
  perProcess: number;
  runs: number;
}

/** One run's counts. */
interface MultiSample {
  rate: number;
  throttledToCaller: number;
  otherToCaller: number;
  absorbed: number;
  okCalls: number;
}

export async function measureMultiProcess(
  emu: EmulatorHandle,
  programDir: string,
  c: FleetCase,
  sizes: MultiProcessSizes,
): Promise<Metric[]> {
  emu.setRateLimit(c.operation, c.limitPerSecond);
  const ids = c.clusters(emu, sizes.processes * sizes.perProcess);
  const shim = await serializeShim(programDir, c.kind as Parameters<typeof serializeShim>[1]);
  const samples: MultiSample[] = [];
  for (let r = 0; r < sizes.runs; r++) samples.push(await oneRun(emu, programDir, c, sizes, ids, shim));
  const comparison = `${c.operation} limit ${c.limitPerSecond}/s shared by ${sizes.processes} processes × ${sizes.perProcess} creates`;
  const pick = (f: (s: MultiSample) => number) => samples.map(f);
  return [
    fromSamples(
      `fleet-multi.${c.label}.rate-of-limit`,
      "ratio",
      comparison,
      pick((s) => s.rate),
    ),
    fromSamples(
      `fleet-multi.${c.label}.errors-to-caller`,
      "errors",
      `${comparison}; goal 0`,
      pick((s) => s.throttledToCaller + s.otherToCaller),
      {
        "throttling errors to caller (median)": round(median(pick((s) => s.throttledToCaller))),
        "other errors to caller (median)": round(median(pick((s) => s.otherToCaller))),
        "throttled answers absorbed by retries (median)": round(median(pick((s) => s.absorbed))),
        "throttled answers per successful call (median)": round(median(pick((s) => s.absorbed / s.okCalls))),
      },
    ),
  ];
}

/** Starts the processes, configures and checks, then fires every create at once and counts the outcome. */
async function oneRun(
  emu: EmulatorHandle,
  programDir: string,
  c: FleetCase,
  sizes: MultiProcessSizes,
  ids: string[],
  shim: string,
): Promise<MultiSample> {
  const servers: ProviderServer[] = [];
  try {
    for (let p = 0; p < sizes.processes; p++) servers.push(await startProviderServer(programDir));
    await Promise.all(servers.map((s) => s.configure(stackConfig(emu))));
    const batches = await Promise.all(
      servers.map((s, p) => {
        const mine = ids.slice(p * sizes.perProcess, (p + 1) * sizes.perProcess);
        return Promise.all(mine.map((id) => s.check({}, { ...c.inputs(id), __provider: shim })));
      }),
    );
    const callsBefore = emu.state.calls.length;
    const started = process.hrtime.bigint();
    const results = await Promise.allSettled(
      batches.flatMap((checked, p) =>
        checked.map((ch, i) => servers[p].create(urnOf(c.kind, `multi-${p}-${i}`), ch.inputs)),
      ),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const calls = emu.state.calls.slice(callsBefore).filter((x) => x.operation === c.operation);
    const okCalls = calls.filter((x) => x.status > 0 && x.status < 400 && !x.errorCode).length;
    const errors = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    const throttledToCaller = errors.filter((e) => THROTTLE.test(String(e.reason && e.reason.message))).length;
    return {
      rate: okCalls / seconds / c.limitPerSecond,
      throttledToCaller,
      otherToCaller: errors.length - throttledToCaller,
      absorbed: calls.filter((x) => x.errorCode && THROTTLE.test(x.errorCode)).length,
      okCalls,
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
