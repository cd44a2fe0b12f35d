/**
 * One kubeconfig for several clusters: the clusters, users and contexts of single-context kubeconfigs (the
 * resources' `kubeconfig` outputs) side by side, with one current context. Names must be unique across the inputs,
 * since a name is how a context finds its cluster and user; a clash is an error naming it, never a silent
 * overwrite. The output is serialized like the resources' own (stable key order, no folding).
 */
import { dump, load } from "js-yaml";
import { KubeconfigError } from "./errors";

interface Named {
  name: string;
  [key: string]: unknown;
}

interface Doc {
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
}

/** Merges `kubeconfigs` (YAML); `currentContext` must be one of their contexts (default: the first input's). */
export function mergeKubeconfigs(kubeconfigs: readonly string[], currentContext?: string): string {
  if (kubeconfigs.length === 0)
    throw new KubeconfigError("INVALID_INPUT", "no kubeconfig to merge", { path: "kubeconfigs" });
  const merged = { clusters: [] as Named[], contexts: [] as Named[], users: [] as Named[] };
  kubeconfigs.forEach((text, i) => {
    const doc = load(text) as Doc | undefined;
    if (!doc || typeof doc !== "object" || !Array.isArray(doc.contexts) || doc.contexts.length === 0) {
      throw new KubeconfigError("MALFORMED", `kubeconfigs[${i}] has no context`, { path: `kubeconfigs[${i}]` });
    }
    for (const section of ["clusters", "contexts", "users"] as const) {
      for (const entry of doc[section] ?? []) {
        if (merged[section].some((e) => e.name === entry.name)) {
          throw new KubeconfigError(
            "INVALID_INPUT",
            `kubeconfigs[${i}] repeats the ${section.slice(0, -1)} name "${entry.name}": give each resource its own contextName`,
            { path: `kubeconfigs[${i}].${section}` },
          );
        }
        merged[section].push(entry);
      }
    }
  });
  const current = currentContext ?? merged.contexts[0].name;
  if (!merged.contexts.some((c) => c.name === current)) {
    throw new KubeconfigError(
      "INVALID_INPUT",
      `currentContext "${current}" is none of the contexts (${merged.contexts.map((c) => c.name).join(", ")})`,
      { path: "currentContext" },
    );
  }
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: merged.clusters,
    contexts: merged.contexts,
    "current-context": current,
    preferences: {},
    users: merged.users,
  };
  return dump(doc, { sortKeys: false, lineWidth: -1, noRefs: true, quotingType: '"' });
}
