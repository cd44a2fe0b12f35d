/**
 * mergeKubeconfigs: the entries of single-context kubeconfigs side by side with one current context; a repeated
 * name, an unknown current context, an input without a context and an empty list are errors naming the problem.
 */
import { load } from "js-yaml";
import { KubeconfigError, mergeKubeconfigs } from "../../../provider/kubeconfig";

/** A single-context kubeconfig named `name` (cluster, user and context). */
const single = (name: string, server: string) =>
  [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [{ name: ${name}, cluster: { server: "${server}" } }]`,
    `contexts: [{ name: ${name}, context: { cluster: ${name}, user: ${name}-user } }]`,
    `current-context: ${name}`,
    `users: [{ name: ${name}-user, user: { token: fake-token-${name} } }]`,
  ].join("\n");

type Doc = Record<string, any>;

describe("mergeKubeconfigs", () => {
  it("keeps every cluster, user and context, starting in the first one by default", () => {
    const doc = load(mergeKubeconfigs([single("a", "https://a:443"), single("b", "https://b:443")])) as Doc;
    expect(doc.clusters.map((c: Doc) => [c.name, c.cluster.server])).toEqual([
      ["a", "https://a:443"],
      ["b", "https://b:443"],
    ]);
    expect(doc.contexts.map((c: Doc) => c.context)).toEqual([
      { cluster: "a", user: "a-user" },
      { cluster: "b", user: "b-user" },
    ]);
    expect(doc.users.map((u: Doc) => u.user.token)).toEqual(["fake-token-a", "fake-token-b"]);
    expect(doc["current-context"]).toBe("a");
  });

  it("starts in the chosen context, and the same inputs give the same bytes", () => {
    const inputs = [single("a", "https://a:443"), single("b", "https://b:443")];
    expect((load(mergeKubeconfigs(inputs, "b")) as Doc)["current-context"]).toBe("b");
    expect(mergeKubeconfigs(inputs, "b")).toBe(mergeKubeconfigs(inputs, "b"));
  });

  it.each([
    [
      [single("a", "https://a:443"), single("a", "https://b:443")],
      undefined,
      'kubeconfigs[1] repeats the cluster name "a"',
    ],
    [[single("a", "https://a:443")], "b", 'currentContext "b" is none of the contexts (a)'],
    [["apiVersion: v1\nkind: Config\ncontexts: []"], undefined, "kubeconfigs[0] has no context"],
    [[], undefined, "no kubeconfig to merge"],
  ])("%#: refuses with a message naming the problem and no credential", (inputs, current, message) => {
    let err: unknown;
    try {
      mergeKubeconfigs(inputs, current);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).not.toContain("fake-token");
  });
});
