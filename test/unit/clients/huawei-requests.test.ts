import { parseHuaweiAuthorization, verifyHuaweiSignature } from "../../../emulator/auth/huawei-verify";
import { AuthError, InvalidRequestError, NotFoundError, ServerError } from "../../../provider/http/errors";
import { CceApi } from "../../../provider/huaweicloud/cce";
import { HuaweiClient, type HuaweiCredentials } from "../../../provider/huaweicloud/client";
import { resolveHuaweiEndpoints } from "../../../provider/huaweicloud/endpoints";
import { IamApi, clearIamCache } from "../../../provider/huaweicloud/iam";
import { UcsApi } from "../../../provider/huaweicloud/ucs";
import { VpcepApi } from "../../../provider/huaweicloud/vpcep";
import { FakeTransport, received, type Canned, type SentRequest } from "./fake-transport";

const AKSK = { accessKey: "FAKEACCESSKEY000TEST", secretKey: "fake-secret-key-for-tests-only" };
const NOW = new Date("2026-03-01T12:34:56Z");
const KUBECONFIG = { kind: "Config", apiVersion: "v1", clusters: [], users: [], contexts: [] };

function setup(responses: Canned[], credentials: HuaweiCredentials = AKSK, overrides = {}) {
  const transport = new FakeTransport(responses);
  const endpoints = resolveHuaweiEndpoints({ region: "cn-north-4", overrides });
  const client = new HuaweiClient({ credentials, endpoints, transport, now: () => NOW });
  return { transport, client };
}

function expectValidSignature(s: SentRequest, secretKey = AKSK.secretKey) {
  const auth = parseHuaweiAuthorization(s.headers.authorization);
  expect(auth).toBeDefined();
  expect(auth && auth.accessKey).toBe(AKSK.accessKey);
  expect(s.headers["x-sdk-date"]).toBe("20260301T123456Z");
  expect(verifyHuaweiSignature(received(s), auth!, secretKey)).toBe(true);
  // And a wrong key does not verify: the check can fail.
  expect(verifyHuaweiSignature(received(s), auth!, secretKey + "x")).toBe(false);
}

beforeEach(() => clearIamCache());

describe("UCS", () => {
  test("CreateClusterKubeconfig: POST, escaped id, no body, X-Domain-Id, signed; returns the JSON kubeconfig", async () => {
    const { transport, client } = setup([{ status: 201, body: KUBECONFIG, headers: { "X-Request-Id": "r" } }]);
    const ucs = new UcsApi(client, { domainId: "fake-domain-id" });
    const out = await ucs.createClusterKubeconfig("c1/../a b?#%");
    expect(out).toEqual(KUBECONFIG);
    const s = transport.sent[0];
    expect(s.method).toBe("POST");
    expect(s.url.toString()).toBe("https://ucs.myhuaweicloud.com/v1/clusters/c1%2F..%2Fa%20b%3F%23%25/kubeconfig");
    expect(s.body.length).toBe(0);
    expect(s.headers["content-type"]).toBeUndefined();
    expect(s.headers["x-domain-id"]).toBe("fake-domain-id");
    expect(s.headers["x-project-id"]).toBeUndefined();
    expect(s.spec.operation).toBe("CreateClusterKubeconfig");
    expect(s.spec.vendor).toBe("huaweicloud");
    // It mints a credential: never repeated after an answer that may have been lost.
    expect(s.spec.mutating).toBe(true);
    expectValidSignature(s);
  });

  test("without a domain id, AK/SK calls look it up once through IAM (cached per process)", async () => {
    const { transport, client } = setup([
      { status: 200, body: { domains: [{ id: "looked-up-domain", name: "acct" }] } },
      { status: 200, body: { metadata: { uid: "c1" } } },
      { status: 200, body: { metadata: { uid: "c2" } } },
    ]);
    const ucs = new UcsApi(client, { iam: new IamApi(client) });
    await ucs.showCluster("c1");
    await ucs.showCluster("c2");
    expect(transport.sent.map((s) => `${s.method} ${s.url.host}${s.url.pathname}`)).toEqual([
      "GET iam.cn-north-4.myhuaweicloud.com/v3/auth/domains",
      "GET ucs.myhuaweicloud.com/v1/clusters/c1",
      "GET ucs.myhuaweicloud.com/v1/clusters/c2",
    ]);
    expect(transport.sent[0].headers["x-domain-id"]).toBeUndefined();
    expect(transport.sent[1].headers["x-domain-id"]).toBe("looked-up-domain");
    expect(transport.sent[2].headers["x-domain-id"]).toBe("looked-up-domain");
  });

  test("token auth sends X-Auth-Token, no signature, and does not look up a domain", async () => {
    const token = "fake-iam-token-value";
    const { transport, client } = setup([{ status: 200, body: { kind: "ClusterGroup" } }], { authToken: token });
    const ucs = new UcsApi(client, { iam: new IamApi(client) });
    expect(await ucs.showClusterGroup("fleet-1")).toEqual({ kind: "ClusterGroup" });
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0].headers["x-auth-token"]).toBe(token);
    expect(transport.sent[0].headers.authorization).toBeUndefined();
    expect(transport.sent[0].spec.sign).toBeUndefined();
  });

  test("temporary credentials add a signed X-Security-Token", async () => {
    const creds = { ...AKSK, securityToken: "fake-security-token" };
    const { transport, client } = setup([{ status: 200, body: {} }], creds);
    await new UcsApi(client, { domainId: "d" }).showFederationProgress("f");
    const s = transport.sent[0];
    expect(s.headers["x-security-token"]).toBe("fake-security-token");
    expect(s.headers.authorization).toMatch(/SignedHeaders=[^,]*x-security-token/);
    expectValidSignature(s);
  });

  test("federation calls: exact paths, body bytes and the mutating flag", async () => {
    const { transport, client } = setup([
      { status: 201, body: {} },
      { status: 201, body: { id: "vpcep-123", ip: "10.0.0.5" } },
      { status: 201, body: KUBECONFIG },
      { status: 201, body: KUBECONFIG },
    ]);
    const ucs = new UcsApi(client, { domainId: "d" });
    const net = { projectID: "p1", vpcID: "v1", subnetID: "s1" };
    await ucs.enableFederation("fleet 1", { retryJoinAll: true });
    expect(await ucs.createFederationConnection("fleet 1", net)).toMatchObject({ id: "vpcep-123" });
    await ucs.createFederationCert("fleet 1", { ...net, duration: 30 });
    await ucs.downloadFederationKubeconfig("fleet 1", { duration: 7 });
    const [enable, conn, cert, dl] = transport.sent;
    expect(`${enable.method} ${enable.url.pathname}${enable.url.search}`).toBe(
      "POST /v1/clustergroups/fleet%201/federations?retryjoinall=true",
    );
    expect(enable.body.length).toBe(0);
    expect(conn.url.pathname).toBe("/v1/clustergroups/fleet%201/connection");
    expect(conn.body.toString()).toBe('{"projectID":"p1","vpcID":"v1","subnetID":"s1"}');
    expect(conn.spec.mutating).toBe(true);
    expect(cert.url.pathname).toBe("/v1/clustergroups/fleet%201/cert");
    expect(cert.body.toString()).toBe('{"projectID":"p1","vpcID":"v1","subnetID":"s1","duration":30}');
    expect(cert.headers["content-type"]).toBe("application/json");
    expect(cert.spec.mutating).toBe(true);
    expect(dl.url.pathname).toBe("/v1/clustergroups/fleet%201/kubeconfig");
    expect(dl.body.toString()).toBe('{"duration":7}');
    expect(dl.spec.mutating).toBe(true);
    for (const s of transport.sent) expectValidSignature(s);
  });

  test("kubeconfig bodies are parsed tolerantly but garbage is a ServerError without the body", async () => {
    const yaml = "apiVersion: v1\nclusters:\n- name: c\n";
    const { client } = setup([
      { status: 201, body: yaml },
      { status: 201, body: [yaml] },
      { status: 201, body: "<html>SHOULD-NOT-APPEAR</html>" },
    ]);
    const ucs = new UcsApi(client, { domainId: "d" });
    expect(await ucs.downloadFederationKubeconfig("f", { duration: 1 })).toBe(yaml);
    expect(await ucs.downloadFederationKubeconfig("f", { duration: 1 })).toBe(yaml);
    const e = await ucs.downloadFederationKubeconfig("f", { duration: 1 }).catch((x) => x);
    expect(e).toBeInstanceOf(ServerError);
    expect(e.message).toContain("DownloadFederationKubeconfig");
    expect(e.message).not.toContain("SHOULD-NOT-APPEAR");
  });

  test("vendor errors surface typed: a deleted cluster is NotFoundError", async () => {
    const { client } = setup([{ status: 404, body: { error_code: "UCS.01030001", error_msg: "Cluster Not Found." } }]);
    const e = await new UcsApi(client, { domainId: "d" }).showCluster("gone").catch((x) => x);
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.operation).toBe("ShowCluster");
  });

  test("ids that URL parsers would collapse are refused before sending", async () => {
    const { transport, client } = setup([]);
    const ucs = new UcsApi(client, { domainId: "d" });
    await expect(ucs.createClusterKubeconfig("..")).rejects.toThrow(/clusterId/);
    await expect(ucs.showClusterGroup("")).rejects.toThrow(/clusterGroupId/);
    expect(transport.sent).toHaveLength(0);
  });
});

describe("CCE", () => {
  test("CreateKubernetesClusterCert: path, X-Project-Id, JSON body bytes, Port-ID", async () => {
    const { transport, client } = setup([{ status: 200, body: KUBECONFIG, headers: { "Port-ID": "port-abc" } }]);
    const out = await new CceApi(client).createKubernetesClusterCert("proj/1", "clu 1", { duration: -1 });
    expect(out).toEqual({ kubeconfig: KUBECONFIG, portId: "port-abc" });
    const s = transport.sent[0];
    expect(s.url.toString()).toBe(
      "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/proj%2F1/clusters/clu%201/clustercert",
    );
    expect(s.headers["x-project-id"]).toBe("proj/1");
    expect(s.headers["x-domain-id"]).toBeUndefined();
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.body.toString()).toBe('{"duration":-1}');
    // It mints a certificate: never repeated after an answer that may have been lost.
    expect(s.spec.mutating).toBe(true);
    expectValidSignature(s);
  });

  test("expireAt is sent as expire_at in the vendor format", async () => {
    const { transport, client } = setup([{ status: 200, body: KUBECONFIG }]);
    const out = await new CceApi(client).createKubernetesClusterCert("p", "c", {
      expireAt: new Date("2025-01-01T16:00:00.999Z"),
    });
    expect(out.portId).toBeUndefined();
    expect(transport.sent[0].body.toString()).toBe('{"expire_at":"2025-01-01 16:00:00 +0000 UTC"}');
  });

  test("through an emulator-style base URL with a path prefix the signature covers the prefixed path", async () => {
    const base = "https://127.0.0.1:8443/cce.cn-north-4.myhuaweicloud.com";
    const { transport, client } = setup([{ status: 200, body: {} }], AKSK, { cce: base });
    await new CceApi(client).showCluster("p", "c");
    const s = transport.sent[0];
    expect(s.url.pathname).toBe("/cce.cn-north-4.myhuaweicloud.com/api/v3/projects/p/clusters/c");
    expect(s.headers.host).toBe("127.0.0.1:8443");
    expectValidSignature(s);
  });

  test("RevokeKubernetesClusterCert sends {userId} or {agencyId}", async () => {
    const { transport, client } = setup([
      { status: 200, body: "" },
      { status: 200, body: "" },
    ]);
    const cce = new CceApi(client);
    await cce.revokeKubernetesClusterCert("p", "c", { userId: "u1" });
    await cce.revokeKubernetesClusterCert("p", "c", { agencyId: "a1" });
    expect(transport.sent[0].url.pathname).toBe("/api/v3/projects/p/clusters/c/clustercertrevoke");
    expect(transport.sent.map((s) => s.body.toString())).toEqual(['{"userId":"u1"}', '{"agencyId":"a1"}']);
  });

  test("CCE auth failure is an AuthError carrying the request id", async () => {
    const { client } = setup([
      {
        status: 403,
        body: { errorCode: "CCE.01403001", errorMessage: "Authorization failed." },
        headers: { "X-Request-Id": "req-9" },
      },
    ]);
    const e = await new CceApi(client).showCluster("p", "c").catch((x) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.requestId).toBe("req-9");
  });

  test("no region and no override: a clear error before sending", async () => {
    const transport = new FakeTransport([]);
    const client = new HuaweiClient({ credentials: AKSK, endpoints: resolveHuaweiEndpoints({}), transport });
    await expect(new CceApi(client).showCluster("p", "c")).rejects.toThrow(/region/);
    expect(transport.sent).toHaveLength(0);
  });
});

describe("IAM", () => {
  test("KeystoneListProjects: query by name, one project → id, cached per process", async () => {
    const { transport, client } = setup([
      { status: 200, body: { projects: [{ id: "proj-id-1", name: "cn-north-4" }] } },
    ]);
    const iam = new IamApi(client);
    expect(await iam.keystoneListProjects("cn-north-4")).toBe("proj-id-1");
    expect(await new IamApi(client).keystoneListProjects("cn-north-4")).toBe("proj-id-1");
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0].url.toString()).toBe(
      "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4",
    );
    expectValidSignature(transport.sent[0]);
  });

  test("zero or several projects are errors, and failures are not cached", async () => {
    const { transport, client } = setup([
      { status: 200, body: { projects: [] } },
      {
        status: 200,
        body: {
          projects: [
            { id: "a", name: "r" },
            { id: "b", name: "r" },
          ],
        },
      },
      { status: 200, body: { projects: [{ id: "c", name: "r" }] } },
    ]);
    const iam = new IamApi(client);
    await expect(iam.keystoneListProjects("r")).rejects.toBeInstanceOf(NotFoundError);
    const e = await iam.keystoneListProjects("r").catch((x) => x);
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e.message).toContain("multiple project ids");
    expect(await iam.keystoneListProjects("r")).toBe("c");
    expect(transport.sent).toHaveLength(3);
  });

  test("the cache is keyed by credential: another AK looks up again", async () => {
    const a = setup([{ status: 200, body: { projects: [{ id: "x", name: "r" }] } }]);
    const b = setup([{ status: 200, body: { projects: [{ id: "y", name: "r" }] } }], {
      ...AKSK,
      accessKey: "FAKEOTHERKEY",
    });
    expect(await new IamApi(a.client).keystoneListProjects("r")).toBe("x");
    expect(await new IamApi(b.client).keystoneListProjects("r")).toBe("y");
  });
});

describe("VPCEP", () => {
  test("ListEndpoints filters by VPC and service name and follows pages", async () => {
    const page1 = Array.from({ length: 100 }, (_, i) => ({ id: `e${i}`, vpc_id: "v" }));
    const { transport, client } = setup([
      { status: 200, body: { endpoints: page1, total_count: 101 } },
      { status: 200, body: { endpoints: [{ id: "e100" }], total_count: 101 } },
    ]);
    const list = await new VpcepApi(client).listEndpoints("p", { vpcId: "v", endpointServiceName: "svc.name" });
    expect(list).toHaveLength(101);
    expect(transport.sent.map((s) => s.url.search)).toEqual([
      "?endpoint_service_name=svc.name&vpc_id=v&limit=100&offset=0",
      "?endpoint_service_name=svc.name&vpc_id=v&limit=100&offset=100",
    ]);
    expect(transport.sent[0].url.host).toBe("vpcep.cn-north-4.myhuaweicloud.com");
    expect(transport.sent[0].headers["x-project-id"]).toBe("p");
  });

  test("DeleteEndpoint: 404 means already gone (false), success true, other errors thrown", async () => {
    const { transport, client } = setup([
      { status: 204 },
      { status: 404, body: { error_code: "EndPoint.0005", error_msg: "not found" } },
      { status: 500, body: {} },
    ]);
    const v = new VpcepApi(client);
    expect(await v.deleteEndpoint("p", "e1")).toBe(true);
    expect(await v.deleteEndpoint("p", "e1")).toBe(false);
    await expect(v.deleteEndpoint("p", "e1")).rejects.toBeInstanceOf(ServerError);
    expect(transport.sent[0].method).toBe("DELETE");
    expect(transport.sent[0].url.pathname).toBe("/v1/p/vpc-endpoints/e1");
  });
});

test("a call parses the answer's body once (the transport's check, the client's check and its reading share it)", async () => {
  const { client } = setup([{ status: 200, body: { marker: "parsed-once" } }]);
  const parse = jest.spyOn(JSON, "parse");
  try {
    const res = await client.call({ service: "ucs", operation: "ShowCluster", method: "GET", path: "/v1/clusters/x" });
    expect(res.body).toEqual({ marker: "parsed-once" });
    expect(parse.mock.calls.filter(([text]) => String(text).includes("parsed-once"))).toHaveLength(1);
  } finally {
    parse.mockRestore();
  }
});
