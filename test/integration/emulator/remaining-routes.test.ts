/**
 * Routes and routing that the other emulator tests do not cover: TKE DescribeClusterSecurity and
 * DeleteClusterEndpoint, UCS DisableFederation, and routing by the Host header (not the path prefix).
 */
import { LookupFunction } from "node:net";
import { Agent } from "undici";
import { useEmulator } from "../../support/emulator-fixture";
import { huawei, tke, ucs } from "./client";

const { emu, agent } = useEmulator();
/** Resolves every name to loopback, so URLs can carry the real vendor host names. */
const loopback: LookupFunction = (_host, opts, cb) => {
  if (opts && opts.all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
  else cb(null, "127.0.0.1", 4);
};
let byName: Agent;
beforeAll(() => {
  byName = new Agent({ connect: { ca: emu.caPem, lookup: loopback } });
});
afterAll(async () => {
  await byName.close();
});
const domain = () => ({ "x-domain-id": emu.credentials.huawei.domainId });

describe("emulator: TKE DescribeClusterSecurity and DeleteClusterEndpoint", () => {
  it("DescribeClusterSecurity returns the CA, endpoints and an intranet kubeconfig; unknown clusters are errors", async () => {
    const c = emu.state.clusters.find((x) => x.id === emu.seed.tke.extranetCluster.id)!;
    const r = await tke(emu, agent, "DescribeClusterSecurity", { ClusterId: c.id });
    const res = r.json.Response;
    expect(res.Error).toBeUndefined();
    expect(res.CertificationAuthority).toBe(c.kube.ca.certPem);
    expect(res.ClusterExternalEndpoint).toBe(c.kube.externalUrl.replace("https://", ""));
    expect(res.Kubeconfig).toContain("apiVersion: v1");
    expect(res.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    // Without an extranet endpoint the external address is empty.
    const p = await tke(emu, agent, "DescribeClusterSecurity", { ClusterId: emu.seed.tke.intranetCluster.id });
    expect(p.json.Response.ClusterExternalEndpoint).toBe("");
    const bad = await tke(emu, agent, "DescribeClusterSecurity", { ClusterId: "cls-unknown0" });
    expect([bad.status, bad.json.Response.Error.Code]).toEqual([200, "InvalidParameter.ClusterNotFound"]);
    const missing = await tke(emu, agent, "DescribeClusterSecurity", {});
    expect(missing.json.Response.Error.Code).toBe("MissingParameter");
  });

  it("DeleteClusterEndpoint removes the endpoint; deleting it again is ResourceNotFound", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    const before = await tke(emu, agent, "DescribeClusterEndpointStatus", { ClusterId: id, IsExtranet: true });
    expect(before.json.Response.Status).toBe("Created");
    const del = await tke(emu, agent, "DeleteClusterEndpoint", { ClusterId: id, IsExtranet: true });
    expect(del.json.Response.Error).toBeUndefined();
    expect(del.json.Response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const after = await tke(emu, agent, "DescribeClusterEndpointStatus", { ClusterId: id, IsExtranet: true });
    expect(after.json.Response.Status).toBe("NotFound");
    const again = await tke(emu, agent, "DeleteClusterEndpoint", { ClusterId: id, IsExtranet: true });
    expect(again.json.Response.Error.Code).toBe("ResourceNotFound");
    const unknown = await tke(emu, agent, "DeleteClusterEndpoint", { ClusterId: "cls-unknown0", IsExtranet: true });
    expect(unknown.json.Response.Error.Code).toBe("InvalidParameter.ClusterNotFound");
  });
});

describe("emulator: UCS DisableFederation", () => {
  const fed = () => emu.seed.ucs.fleets.federated.id;
  const call = (method: string, path: string) => ucs(emu, agent, method, path);

  it("disables federation asynchronously; the Federation condition goes away on the moved clock", async () => {
    const d = await call("DELETE", `/v1/clustergroups/${fed()}/federations`);
    expect(d.status).toBe(200);
    expect(d.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const during = await call("GET", `/v1/clustergroups/${fed()}`);
    expect(during.json.status.conditions[0]).toMatchObject({ type: "Federation", status: "Deleting" });
    const progress = await call("GET", `/v1/clustergroups/${fed()}/federations/progress`);
    expect(progress.json.spec.type).toBe("DeleteFederation");
    expect(progress.json.status.phase).toBe("Running");
    emu.clock.advance(10_000);
    const after = await call("GET", `/v1/clustergroups/${fed()}`);
    expect(after.json.status.conditions).toEqual([]);
    expect(after.json.spec.connectGatewayEndpoints).toEqual([]);
    // Federation calls now fail with the documented code.
    const kc = await ucs(emu, agent, "POST", `/v1/clustergroups/${fed()}/kubeconfig`, { body: { duration: 1 } });
    expect([kc.status, kc.json.error_code]).toEqual([400, "UCS.01080006"]);
  });

  it("answers not-federated and unknown fleets with the documented codes", async () => {
    const plain = await call("DELETE", `/v1/clustergroups/${emu.seed.ucs.fleets.plain.id}/federations`);
    expect([plain.status, plain.json.error_code]).toEqual([400, "UCS.01080006"]);
    const unknown = await call("DELETE", "/v1/clustergroups/00000000-0000-4000-8000-000000000000/federations");
    expect([unknown.status, unknown.json.error_code]).toEqual([404, "UCS.01100005"]);
  });
});

describe("emulator: routing by Host header", () => {
  const project = () => emu.credentials.huawei.projectId;

  it("routes requests addressed to the real host names (no path prefix), signed over that host", async () => {
    const r = await huawei(
      emu,
      byName,
      "GET",
      `https://cce.cn-north-4.myhuaweicloud.com:${emu.port}`,
      `/api/v3/projects/${project()}/clusters/${emu.seed.cce.publicCluster.id}`,
      { extraHeaders: { "x-project-id": project() } },
    );
    expect(r.status).toBe(200);
    const last = emu.state.calls[emu.state.calls.length - 1];
    expect(last).toMatchObject({ service: "cce", operation: "ShowCluster" });
    expect(last.path).toBe(`/api/v3/projects/${project()}/clusters/${emu.seed.cce.publicCluster.id}`);
  });

  it("lets the Host header win over a path prefix naming another service", async () => {
    // Host says UCS; the path starts with a CCE host name, which UCS does not serve.
    const r = await huawei(
      emu,
      byName,
      "GET",
      `https://ucs.myhuaweicloud.com:${emu.port}`,
      `/cce.cn-north-4.myhuaweicloud.com/api/v3/projects/${project()}/clusters/${emu.seed.cce.publicCluster.id}`,
      { extraHeaders: domain() },
    );
    expect([r.status, r.json.error_code]).toEqual([404, "APIGW.0101"]);
    expect(emu.state.calls[emu.state.calls.length - 1].service).toBe("ucs");
  });

  it("answers an unknown host without a vendor path prefix with APIGW.0101", async () => {
    const r = await huawei(emu, agent, "GET", emu.url, "/v1/clusters");
    expect([r.status, r.json.error_code]).toEqual([404, "APIGW.0101"]);
    expect(r.json.request_id).toBe(r.headers["x-request-id"]);
  });
});
