/**
 * Documented errors and filters of IAM and VPC endpoints not covered by huawei-routes.test.ts:
 * an unknown region lists no project, IAM without credentials is refused, IAM can be made to answer with no
 * domain (an empty list, or 404), `endpoint_service_name` filters, a foreign project id is 403
 * `EndPoint.0004` and an unknown endpoint `EndPoint.0005`. Tags and the fuzzy filter: vpcep-tags-filter.test.ts.
 */
import { request } from "undici";
import { useEmulator } from "../../support/emulator-fixture";
import { huawei, ucs } from "./client";

const { emu, agent } = useEmulator();

describe("emulator: IAM errors", () => {
  it("lists no project for an unknown region name and refuses unsigned calls", async () => {
    const none = await huawei(emu, agent, "GET", emu.endpoints.iam("cn-north-4"), "/v3/projects?name=xx-nowhere-1");
    expect(none.status).toBe(200);
    expect(none.json.projects).toEqual([]);
    const iam = emu.endpoints.iam("cn-north-4");
    const r = await request(`${iam}/v3/auth/domains`, { dispatcher: agent });
    const body = (await r.body.json()) as { error_code: string };
    expect(r.statusCode).toBe(401);
    expect(body.error_code).toMatch(/^APIGW\.030/);
  });
});

describe("emulator: IAM answering with no domain (operation KeystoneListAuthDomains)", () => {
  const domains = () => huawei(emu, agent, "GET", emu.endpoints.iam("cn-north-4"), "/v3/auth/domains");
  afterEach(() => emu.faults.clear());

  it("answers the account's domain without a fault", async () => {
    const r = await domains();
    expect(r.status).toBe(200);
    expect(r.json.domains.map((d: { id: string }) => d.id)).toEqual([emu.credentials.huawei.domainId]);
  });

  it("a body fault makes it answer 200 with an empty domains list, once", async () => {
    emu.faults.add({ operation: "KeystoneListAuthDomains", body: { json: { domains: [], links: {} } } });
    const empty = await domains();
    expect([empty.status, empty.json]).toEqual([200, { domains: [], links: {} }]);
    expect(emu.state.calls[emu.state.calls.length - 1]).toMatchObject({
      service: "iam",
      operation: "KeystoneListAuthDomains",
      status: 200,
      errorCode: "wrong-shape",
    });
    expect((await domains()).json.domains).toHaveLength(1);
  });

  it("a status fault makes it answer 404, in the gateway shape or in a Keystone body given verbatim", async () => {
    emu.faults.add({ operation: "KeystoneListAuthDomains", status: 404 });
    const gateway = await domains();
    expect([gateway.status, gateway.json.error_code]).toEqual([404, "APIGW.0101"]);
    const keystone = { error: { code: 404, title: "Not Found", message: "Could not find domain." } };
    emu.faults.add({ operation: "KeystoneListAuthDomains", status: 404, body: { json: keystone } });
    const verbatim = await domains();
    expect([verbatim.status, verbatim.json]).toEqual([404, keystone]);
  });
});

describe("emulator: VPC endpoint filters and errors", () => {
  it("filters by endpoint_service_name; foreign project and unknown id are EndPoint.0004 / EndPoint.0005", async () => {
    const pid = emu.credentials.huawei.projectId;
    const base = emu.endpoints.vpcep("cn-north-4");
    const h = { extraHeaders: { "x-project-id": pid } };
    const net = { projectID: pid, vpcID: emu.seed.ucs.vpcId, subnetID: emu.seed.ucs.subnetId };
    const conn = await ucs(emu, agent, "POST", `/v1/clustergroups/${emu.seed.ucs.fleets.federated.id}/connection`, {
      body: net,
    });
    expect(conn.status).toBe(201);
    const one = await huawei(emu, agent, "GET", base, `/v1/${pid}/vpc-endpoints/${conn.json.id}`, h);
    const svc = one.json.endpoint_service_name as string;
    expect(typeof svc).toBe("string");
    const hit = await huawei(
      emu,
      agent,
      "GET",
      base,
      `/v1/${pid}/vpc-endpoints?endpoint_service_name=${encodeURIComponent(svc)}`,
      h,
    );
    expect(hit.json.endpoints.map((e: { id: string }) => e.id)).toContain(conn.json.id);
    const miss = await huawei(
      emu,
      agent,
      "GET",
      base,
      `/v1/${pid}/vpc-endpoints?endpoint_service_name=no-such-service`,
      h,
    );
    expect(miss.json.endpoints).toEqual([]);
    const foreign = await huawei(emu, agent, "GET", base, "/v1/00000000000000000000000000000000/vpc-endpoints", h);
    expect([foreign.status, foreign.json.error_code]).toEqual([403, "EndPoint.0004"]);
    const unknown = await huawei(
      emu,
      agent,
      "DELETE",
      base,
      `/v1/${pid}/vpc-endpoints/00000000-0000-4000-8000-000000000000`,
      h,
    );
    expect([unknown.status, unknown.json.error_code]).toEqual([404, "EndPoint.0005"]);
  });
});
