import type { EmulatorHandle } from "../emulator";
import type { ClusterRecord } from "../emulator/state";

/** The stack config that points the resources at the emulator. */
export { emulatorStackConfig as stackConfig } from "../emulator/stack-config";

/**
 * Adds `n` clusters of a vendor to the emulator's state, each a copy of a seeded record (same kube API server)
 * under a new id, so every create in a fleet is for a distinct cluster. Returns the new ids.
 */
export function addClusters(e: EmulatorHandle, template: string, idOf: (i: number) => string, n: number): string[] {
  const seed = e.state.clusters.find((c) => c.id === template);
  if (!seed) throw new Error(`emulator has no cluster ${template}`);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = idOf(i);
    if (!e.state.clusters.some((c) => c.id === id)) {
      const copy: ClusterRecord = { ...seed, id, name: `${seed.name}-${i}` };
      e.state.clusters.push(copy);
    }
    ids.push(id);
  }
  return ids;
}

/** TKE-shaped ids `cls-bn000000`… (`cls-` + 8 lower-case alphanumerics). */
export const tkeBenchId = (i: number): string => `cls-bn${String(i).padStart(6, "0")}`;
/** Huawei UUID-shaped ids. */
export const huaweiBenchId = (i: number): string => `0be4c000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
