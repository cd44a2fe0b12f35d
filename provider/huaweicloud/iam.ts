/**
 * IAM look-ups the Go SDK does implicitly (docs/vendor-apis.md §2 "project_id resolution", §1 UCS
 * `X-Domain-Id`): the project id of a region and the account's domain id. Results are cached per
 * process, keyed by (IAM endpoint, credential hash, region); failures are not cached.
 */
import { InvalidRequestError, NotFoundError } from "../http/errors";
import type { HuaweiClient } from "./client";
import { pathSegment } from "./endpoints";

// Per-process cache of in-flight or settled look-ups. Lives only in the lazily required provider
// code, never in anything Pulumi serializes.
const cache = new Map<string, Promise<string>>();

/** Forgets every cached project and domain id (tests; credential rotation). */
export function clearIamCache(): void {
  cache.clear();
}

interface KeystoneProject {
  id?: string;
  name?: string;
}

/** IAM calls used to fill in ids the user did not give. */
export class IamApi {
  constructor(private readonly client: HuaweiClient) {}

  /**
   * `KeystoneListProjects`: `GET /v3/projects?name={region}` → the single project's id.
   * Zero or several matches are errors (go-sdk `iam_helper.go`); we never create a project.
   */
  keystoneListProjects(region: string): Promise<string> {
    pathSegment("region", region);
    return this.cached(`project:${region}`, async () => {
      const operation = "KeystoneListProjects";
      const res = await this.client.call<{ projects?: KeystoneProject[] }>({
        service: "iam",
        operation,
        method: "GET",
        path: "/v3/projects",
        query: { name: region },
      });
      const projects = (Array.isArray(res.body.projects) ? res.body.projects : []).filter(
        (p) => p && typeof p.id === "string" && (p.name === undefined || p.name === region),
      );
      const fields = { vendor: "huaweicloud" as const, operation, status: res.status, requestId: res.requestId };
      if (projects.length === 0) {
        throw new NotFoundError(fields, `no IAM project named ${region}; set huaweicloud:projectId or HW_PROJECT_ID`);
      }
      if (projects.length > 1) {
        throw new InvalidRequestError(
          fields,
          `multiple project ids found for ${region}; set huaweicloud:projectId or HW_PROJECT_ID`,
        );
      }
      return projects[0].id as string;
    });
  }

  /** `KeystoneListAuthDomains`: `GET /v3/auth/domains` → the account's domain id (for UCS `X-Domain-Id`). */
  showDomainId(): Promise<string> {
    return this.cached("domain", async () => {
      const operation = "KeystoneListAuthDomains";
      const res = await this.client.call<{ domains?: Array<{ id?: string }> }>({
        service: "iam",
        operation,
        method: "GET",
        path: "/v3/auth/domains",
      });
      const domains = Array.isArray(res.body.domains) ? res.body.domains : [];
      const id = domains.length > 0 ? domains[0].id : undefined;
      if (typeof id !== "string" || id === "") {
        throw new NotFoundError(
          { vendor: "huaweicloud", operation, status: res.status, requestId: res.requestId },
          "no domain returned; set huaweicloud:domainId or HW_DOMAIN_ID",
        );
      }
      return id;
    });
  }

  private cached(what: string, load: () => Promise<string>): Promise<string> {
    const key = `${this.client.baseUrl("iam")}|${this.client.credentialIdentity}|${what}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
    return p;
  }
}
