/** IAM (Keystone-style): project lookup by region name and the account's domain (docs/vendor-apis.md §2). */
import { Env, Route, route } from "../env";

export function iamRoute(env: Env, method: string, path: string): Route | undefined {
  const hw = env.credentials.huawei;
  const p = path.replace(/\/+$/, "");
  if (method === "GET" && p === "/v3/projects") {
    return route("KeystoneListProjects", async (ctx) => {
      const name = ctx.query.get("name");
      const all = [
        {
          id: hw.projectId,
          name: hw.region,
          domain_id: hw.domainId,
          parent_id: hw.domainId,
          is_domain: false,
          enabled: true,
          description: "",
          links: { self: `https://iam.${hw.region}.myhuaweicloud.com/v3/projects/${hw.projectId}` },
        },
      ];
      const projects = name ? all.filter((x) => x.name === name) : all;
      return {
        status: 200,
        body: {
          projects,
          links: { self: `https://iam.${ctx.region}.myhuaweicloud.com/v3/projects`, previous: null, next: null },
        },
        headers: { "X-IAM-Trace-Id": ctx.requestId },
      };
    });
  }
  if (method === "GET" && p === "/v3/auth/domains") {
    return {
      operation: "KeystoneListAuthDomains",
      run: async () => ({
        status: 200,
        body: {
          domains: [{ id: hw.domainId, name: hw.domainName, enabled: true, description: "", links: {} }],
          links: { self: "https://iam.myhuaweicloud.com/v3/auth/domains" },
        },
      }),
    };
  }
  return undefined;
}
