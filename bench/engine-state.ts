/**
 * State weight as the engine stores it: the output of `pulumi stack export` (secrets encrypted by the stack's
 * passphrase provider), measured as JSON without indentation.
 */
import { median } from "./metric";

export interface CheckpointWeight {
  /** The whole export, bytes. */
  totalBytes: number;
  /** Median bytes of one entry of the dynamic resources (the N resources of the side). */
  entryBytes: number;
  /** Median bytes of the `kubeconfig` output's ciphertext alone, 0 when the side has none. */
  ciphertextBytes: number;
  entries: number;
}

interface ExportedResource {
  type: string;
  custom?: boolean;
  outputs?: Record<string, unknown>;
}

const bytes = (x: unknown): number => Buffer.byteLength(JSON.stringify(x), "utf8");

/** Weighs one `pulumi stack export` (its stdout). */
export function weighCheckpoint(exportJson: string): CheckpointWeight {
  const checkpoint = JSON.parse(exportJson) as { deployment?: { resources?: ExportedResource[] } };
  const all = checkpoint.deployment?.resources || [];
  // Ours is `pulumi-nodejs:dynamic/tencentcloud:TkeClusterKubeconfig`, the no-ops `pulumi-nodejs:dynamic:Resource`.
  const dynamic = all.filter((r) => r.custom && r.type.startsWith("pulumi-nodejs:dynamic"));
  if (dynamic.length === 0) throw new Error("stack export holds no dynamic resource");
  return {
    totalBytes: bytes(checkpoint),
    entryBytes: median(dynamic.map(bytes)),
    ciphertextBytes: median(dynamic.map(ciphertextBytes)),
    entries: dynamic.length,
  };
}

/** A secret output is `{ "<sig>": "<secret sig>", ciphertext: "…" }` in an export without `--show-secrets`. */
function ciphertextBytes(r: ExportedResource): number {
  const secret = r.outputs?.kubeconfig as { ciphertext?: unknown } | undefined;
  return typeof secret?.ciphertext === "string" ? Buffer.byteLength(secret.ciphertext, "utf8") : 0;
}
