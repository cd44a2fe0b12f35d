/**
 * The account, region and project a resource was made in, as resolved from its inputs, the stack config and the
 * environment. They are recorded with the resource (hidden output `__effective`), so `refresh` and `destroy`
 * keep acting where the resource lives even when the stack config or environment changes later, and a change
 * of where a resource would be made now is a replacement, never a silent re-target.
 */
import type { ProviderContext } from "./context";
import { KINDS, type ResourceKind } from "./kinds";
import type { Inputs, Outputs } from "./lifecycle";
import { resolveHuaweiSettings, resolveTencentSettings } from "./settings";

export const EFFECTIVE_KEY = "__effective";

/** The settings that locate a resource; the names are the inputs that set them. */
const LOCATING = ["region", "projectId", "domainId"] as const;

/** Where the resource would be made now; `{}` when settings cannot be resolved (check reports why). */
export function effectiveSettings(ctx: ProviderContext, kind: ResourceKind, inputs: Inputs): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    const s =
      KINDS[kind].module === "huaweicloud" ? resolveHuaweiSettings(ctx, inputs) : resolveTencentSettings(ctx, inputs);
    for (const k of LOCATING) {
      const v = (s as Partial<Record<(typeof LOCATING)[number], string>>)[k];
      if (v) out[k] = v;
    }
  } catch {
    return {};
  }
  return out;
}

/** The recorded settings of a resource's outputs (none for state written before they were recorded). */
function recordedSettings(outputs: Outputs): Record<string, string> {
  const r = outputs && outputs[EFFECTIVE_KEY];
  return r && typeof r === "object" ? (r as Record<string, string>) : {};
}

/** Outputs with the recorded settings filled in where the inputs left them to config or environment. */
export function withRecordedSettings(outputs: Outputs): Outputs {
  const recorded = recordedSettings(outputs);
  const out: Outputs = { ...outputs };
  for (const k of LOCATING) if (out[k] === undefined && typeof recorded[k] === "string") out[k] = recorded[k];
  return out;
}

/** The locating settings that differ between what was recorded and where the resource would be made now. */
export function movedSettings(outputs: Outputs, now: Record<string, string>): string[] {
  const recorded = recordedSettings(outputs);
  return LOCATING.filter((k) => recorded[k] !== undefined && now[k] !== undefined && recorded[k] !== now[k]);
}
