import { load } from "js-yaml";

/**
 * Parses a kubeconfig made by `prepareKubeconfig` and checks the shape every one of them has: the top-level keys
 * in kubectl's order and exactly one cluster, one context and one user. Returns the parsed document.
 */
export function loadOneContextKubeconfig(yaml: string): any {
  const kc = load(yaml) as any;
  expect(Object.keys(kc)).toEqual([
    "apiVersion",
    "kind",
    "clusters",
    "contexts",
    "current-context",
    "preferences",
    "users",
  ]);
  expect(kc.clusters).toHaveLength(1);
  expect(kc.contexts).toHaveLength(1);
  expect(kc.users).toHaveLength(1);
  return kc;
}
