/**
 * Endpoint choice (README "What it does and why" #6): a typed choice, a secure default, insecure only when asked
 * for by name.
 * - Huawei: the requested name matches an entry's endpoint label, else its context name, else its
 *   cluster name. Default: `externalTLSVerify`, else `internal`, never an insecure entry.
 * - TKE: the caller made the `IsExtranet` call it wanted, so the document's single entry (its
 *   current context when there are several) is labelled `intranet` or `extranet` as told, and
 *   `intranet` when not told (the API's default, docs/vendor-apis.md §5).
 */
import { KubeconfigError } from "./errors";
import { EndpointEntry } from "./list-endpoints";
import { KubeconfigSource } from "./types";

const TKE_ENDPOINTS = ["intranet", "extranet"];

/** Picks one entry of `listEndpoints`; throws `ENDPOINT_NOT_FOUND` or `INSECURE_NOT_REQUESTED`. */
export function selectEndpoint(
  entries: ReadonlyArray<EndpointEntry>,
  source: KubeconfigSource,
  requested?: string,
): EndpointEntry {
  return source === "tke" ? selectTke(entries, requested) : selectHuawei(entries, requested);
}

function selectHuawei(entries: ReadonlyArray<EndpointEntry>, requested: string | undefined): EndpointEntry {
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
  const choice =
    preferCurrent(secure.filter((e) => e.endpoint === "externalTLSVerify")) ||
    preferCurrent(secure.filter((e) => e.endpoint === "internal"));
  if (choice) return choice;
  if (entries.length > 0 && secure.length === 0) {
    throw new KubeconfigError(
      "INSECURE_NOT_REQUESTED",
      `the kubeconfig offers only endpoints that skip TLS verification (${list(available)}); ask for one by name to use it`,
      { available },
    );
  }
  throw new KubeconfigError(
    "ENDPOINT_NOT_FOUND",
    `the kubeconfig has no externalTLSVerify or internal endpoint; it offers: ${list(available)}`,
    { available },
  );
}

function selectTke(entries: ReadonlyArray<EndpointEntry>, requested: string | undefined): EndpointEntry {
  if (requested !== undefined && !TKE_ENDPOINTS.includes(requested)) {
    throw new KubeconfigError(
      "ENDPOINT_NOT_FOUND",
      `endpoint "${requested}" is not a TKE endpoint; use one of: ${list(TKE_ENDPOINTS)}`,
      { available: TKE_ENDPOINTS.slice() },
    );
  }
  const current = entries.filter((e) => e.current);
  const picked = current.length === 1 ? current[0] : entries.length === 1 ? entries[0] : undefined;
  if (!picked) {
    throw new KubeconfigError(
      "ENDPOINT_NOT_FOUND",
      `the TKE kubeconfig has ${entries.length} entries and no current-context to choose one`,
      { available: offered(entries) },
    );
  }
  if (requested === undefined && picked.insecure) {
    throw new KubeconfigError(
      "INSECURE_NOT_REQUESTED",
      "the TKE kubeconfig skips TLS verification; ask for intranet or extranet by name to use it",
      { available: TKE_ENDPOINTS.slice() },
    );
  }
  return { ...picked, endpoint: requested !== undefined ? requested : "intranet" };
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
