/**
 * Documented errors and filters of IAM and VPC endpoints not covered by huawei-routes.test.ts:
 * an unknown region lists no project, IAM without credentials is refused, `endpoint_service_name`
 * filters, a foreign project id is `EndPoint.0001` and an unknown endpoint `EndPoint.0005`.
 */
import { Agent, request } from "undici";
import { EmulatorHandle, startEmulator } from "../../../emulator";
import { agentFor, huawei } from "./client";

let emu: EmulatorHandle;
let agent: Agent;
beforeAll(async () => {
  emu = await startEmulator();
  agent = agentFor(emu);
});
afterAll(async () => {
  await agent.close();
  await emu.stop();
});

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

describe("emulator: VPC endpoint filters and errors", () => {
  it("filters by endpoint_service_name; foreign project and unknown id are EndPoint.0001 / EndPoint.0005", async () => {
    const pid = emu.credentials.huawei.projectId;
    const base = emu.endpoints.vpcep("cn-north-4");
    const h = { extraHeaders: { "x-project-id": pid } };
    const net = { projectID: pid, vpcID: emu.seed.ucs.vpcId, subnetID: emu.seed.ucs.subnetId };
    const conn = await huawei(
      emu,
      agent,
      "POST",
      emu.endpoints.ucs,
      `/v1/clustergroups/${emu.seed.ucs.fleets.federated.id}/connection`,
      { body: net, extraHeaders: { "x-domain-id": emu.credentials.huawei.domainId } },
    );
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
    expect([foreign.status, foreign.json.error_code]).toEqual([403, "EndPoint.0001"]);
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
