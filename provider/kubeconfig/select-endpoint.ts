/**
 * Endpoint choice (README "What it does and why" #6): a typed choice, a secure default, insecure only when asked
 * for by name. The source's descriptor (sources.ts) says which way:
 * - `by-name` (Huawei): the requested name matches an entry's endpoint label, else its context name, else its
 *   cluster name. Default: the first of `defaultEndpoints` with a secure entry, never an insecure entry.
 * - `by-call` (TKE): the caller made the API call for the endpoint it wanted, so the document's single entry (its
 *   current context when there are several) is labelled as told, and `defaultEndpoint` when not told.
 */
import { KubeconfigError } from "./errors";
import { EndpointEntry } from "./list-endpoints";
import { KUBECONFIG_SOURCES } from "./sources";
import { ChosenByCallDescriptor, KubeconfigSource, NamedEndpointsDescriptor } from "./types";

/** Picks one entry of `listEndpoints`; throws `ENDPOINT_NOT_FOUND` or `INSECURE_NOT_REQUESTED`. */
export function selectEndpoint(
  entries: ReadonlyArray<EndpointEntry>,
  source: KubeconfigSource,
  requested?: string,
): EndpointEntry {
  const d = KUBECONFIG_SOURCES[source];
  return d.selection === "by-call" ? selectByCall(d, entries, requested) : selectByName(d, entries, requested);
}

function selectByName(
  d: NamedEndpointsDescriptor,
  entries: ReadonlyArray<EndpointEntry>,
  requested: string | undefined,
): EndpointEntry {
  const available = offered(entries);
  if (requested !== undefined) {
    const match =
      preferCurrent(entries.filter((e) => e.endpoint === requested)) ||
      preferCurrent(entries.filter((e) => e.contextName === requested)) ||
      preferCurrent(entries.filter((e) => e.clusterName === requested));
    if (match) return match;
    throw new KubeconfigError(
      "ENDPOINT_NOT_FOUND",
      `endpoint "${requested}" is not in the kubeconfig; it offers: ${list(available)}`,
      { available },
    );
  }
  const secure = entries.filter((e) => !e.insecure);
  for (const name of d.defaultEndpoints) {
    const choice = preferCurrent(secure.filter((e) => e.endpoint === name));
    if (choice) return choice;
  }
  if (entries.length > 0 && secure.length === 0) {
    throw new KubeconfigError(
      "INSECURE_NOT_REQUESTED",
      `the kubeconfig offers only endpoints that skip TLS verification (${list(available)}); ask for one by name to use it`,
      { available },
    );
  }
  throw new KubeconfigError(
    "ENDPOINT_NOT_FOUND",
    `the kubeconfig has no ${d.defaultEndpoints.join(" or ")} endpoint; it offers: ${list(available)}`,
    { available },
  );
}

function selectByCall(
  d: ChosenByCallDescriptor,
  entries: ReadonlyArray<EndpointEntry>,
  requested: string | undefined,
): EndpointEntry {
  const names = d.endpointNames.slice();
  if (requested !== undefined && !names.includes(requested)) {
    throw new KubeconfigError(
      "ENDPOINT_NOT_FOUND",
      `endpoint "${requested}" is not a ${d.product} endpoint; use one of: ${list(names)}`,
      { available: names },
    );
  }
  const current = entries.filter((e) => e.current);
  const picked = current.length === 1 ? current[0] : entries.length === 1 ? entries[0] : undefined;
  if (!picked) {
    throw new KubeconfigError(
      "ENDPOINT_NOT_FOUND",
      `the ${d.product} kubeconfig has ${entries.length} entries and no current-context to choose one`,
      { available: offered(entries) },
    );
  }
  if (requested === undefined && picked.insecure) {
    throw new KubeconfigError(
      "INSECURE_NOT_REQUESTED",
      `the ${d.product} kubeconfig skips TLS verification; ask for ${names.join(" or ")} by name to use it`,
      { available: names },
    );
  }
  return { ...picked, endpoint: requested !== undefined ? requested : d.defaultEndpoint };
}

function preferCurrent(matches: EndpointEntry[]): EndpointEntry | undefined {
  return matches.find((e) => e.current) || matches[0];
}

/** Endpoint labels, then context names, each once, in document order. */
function offered(entries: ReadonlyArray<EndpointEntry>): string[] {
  const names: string[] = [];
  const add = (n: string | undefined): void => {
    if (n !== undefined && !names.includes(n)) names.push(n);
  };
  entries.forEach((e) => add(e.endpoint));
  entries.forEach((e) => add(e.contextName));
  return names;
}

function list(names: string[]): string {
  return names.length === 0 ? "(nothing)" : names.join(", ");
}
