/**
 * Faults with `phase: "after"`: the vendor does the work (a VPC endpoint is created, a certificate is minted
 * and counted), then the answer is lost (`hang`, `reset`), replaced (`status`, `body`) or sent late
 * (`delayMs` alone). The call record keeps the route's real status and adds how the answer was treated, so a
 * test can tell the work was done although the client saw a failure. The default phase does nothing.
 * No timing thresholds: "while the client waits" is shown by the record existing before the call settles.
 */
import { Agent } from "undici";
import { CallRecord } from "../../../emulator";
import { useEmulator } from "../../support/emulator-fixture";
import { agentFor, huawei, tke, ucs } from "./client";

const { emu, agent } = useEmulator({ clearFaultsAfterEach: true });

const fleetId = () => emu.seed.ucs.fleets.federated.id;
const net = () => ({
  projectID: emu.credentials.huawei.projectId,
  vpcID: emu.seed.ucs.vpcId,
  subnetID: emu.seed.ucs.subnetId,
});
const fleetCall = (a: Agent, what: "connection" | "cert", signal?: AbortSignal, fleet = fleetId()) =>
  ucs(emu, a, "POST", `/v1/clustergroups/${fleet}/${what}`, {
    body: what === "cert" ? { ...net(), duration: 30 } : net(),
    signal,
  });
const ucsKubeconfig = () => ucs(emu, agent, "POST", `/v1/clusters/${emu.seed.ucs.clusters[0].id}/kubeconfig`);
const liveIds = () => emu.admin.liveVpcEndpoints().map((e) => e.id);
const newIds = (before: string[]) => liveIds().filter((id) => !before.includes(id));
const count = (id: string) => emu.admin.issuanceCounts()[id] || 0;
/** The latest call of `operation`, among those recorded from index `from` on. */
const lastCall = (operation: string, from = 0): CallRecord | undefined =>
  emu.state.calls
    .slice(from)
    .reverse()
    .find((c) => c.operation === operation);

/** A call record whose route answered `status` while the client got `answerStatus` and `answerCode` instead. */
const replaced = (status: number, answerStatus: number, answerCode: string) => ({
  status,
  answer: "replaced",
  answerStatus,
  answerCode,
});

/** Polls `cond` on the event loop (bounded: 500 turns of 10 ms). */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe("emulator faults: phase before (the default) acts instead of the route", () => {
  it("a status fault answers 504 and no VPC endpoint is made", async () => {
    const before = liveIds();
    emu.faults.add({ operation: "CreateFederationConnection", status: 504, vendorCode: "APIGW.0202" });
    const r = await fleetCall(agent, "connection");
    expect([r.status, r.json.error_code]).toEqual([504, "APIGW.0202"]);
    expect(newIds(before)).toEqual([]);
    const rec = lastCall("CreateFederationConnection")!;
    expect(rec).toMatchObject({ status: 504, errorCode: "APIGW.0202" });
    expect(rec.answer).toBeUndefined();
  });
});

describe("emulator faults: phase after, the work is done and the answer is lost or replaced", () => {
  it("status: the client gets a gateway 504 although the VPC endpoint was made (and is listed)", async () => {
    const before = liveIds();
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", status: 504, vendorCode: "APIGW.0202" });
    const r = await fleetCall(agent, "connection");
    expect([r.status, r.json.error_code]).toEqual([504, "APIGW.0202"]);
    expect(r.json.request_id).toBe(r.headers["x-request-id"]);
    const made = newIds(before);
    expect(made).toHaveLength(1);
    expect(lastCall("CreateFederationConnection")).toMatchObject({
      status: 201,
      errorCode: undefined,
      answer: "replaced",
      answerStatus: 504,
      answerCode: "APIGW.0202",
    });
    const pid = emu.credentials.huawei.projectId;
    const listed = await huawei(
      emu,
      agent,
      "GET",
      emu.endpoints.vpcep("cn-north-4"),
      `/v1/${pid}/vpc-endpoints?id=${made[0]}`,
      { extraHeaders: { "x-project-id": pid } },
    );
    expect(listed.json.endpoints.map((e: { id: string }) => e.id)).toEqual(made);
    // Used once: the next call answers normally.
    expect((await fleetCall(agent, "connection")).status).toBe(201);
  });

  it("hang: the endpoint and the certificate exist while the client still waits; it gives up", async () => {
    const before = liveIds();
    const issued = count(fleetId());
    emu.faults.add({ operation: "CreateFederationCert", phase: "after", hang: true });
    const from = emu.state.calls.length;
    const hungAgent = agentFor(emu);
    const abort = new AbortController();
    let settled = false;
    const hung = fleetCall(hungAgent, "cert", abort.signal).finally(() => {
      settled = true;
    });
    await waitFor(() => lastCall("CreateFederationCert", from)?.answer === "hang");
    expect(lastCall("CreateFederationCert")).toMatchObject({ status: 201, answer: "hang", answerStatus: 0 });
    expect(newIds(before)).toHaveLength(1);
    expect(count(fleetId())).toBe(issued + 1);
    expect(settled).toBe(false);
    abort.abort();
    await expect(hung).rejects.toThrow();
    await hungAgent.destroy();
  });

  it("reset: the connection is cut after the certificate was minted", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    const issued = count(id);
    emu.faults.add({ operation: "CreateClusterKubeconfig", phase: "after", reset: true });
    await expect(ucsKubeconfig()).rejects.toThrow();
    expect(lastCall("CreateClusterKubeconfig")).toMatchObject({ status: 201, answer: "reset", answerStatus: 0 });
    expect(count(id)).toBe(issued + 1);
  });

  it("body: a truncated answer although the certificate was minted", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    const issued = count(id);
    emu.faults.add({ operation: "CreateClusterKubeconfig", phase: "after", body: "truncated", status: 201 });
    await expect(ucsKubeconfig()).rejects.toThrow();
    expect(lastCall("CreateClusterKubeconfig")).toMatchObject(replaced(201, 201, "truncated"));
    expect(count(id)).toBe(issued + 1);
  });

  it("delayMs alone: the work is recorded at once; a client that stops waiting never sees the answer", async () => {
    const before = liveIds();
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", delayMs: 60_000 });
    const from = emu.state.calls.length;
    const slowAgent = agentFor(emu);
    const abort = new AbortController();
    const call = fleetCall(slowAgent, "connection", abort.signal);
    await waitFor(() => lastCall("CreateFederationConnection", from)?.answer === "delayed");
    expect(lastCall("CreateFederationConnection")).toMatchObject({ status: 201, answerStatus: 201 });
    expect(newIds(before)).toHaveLength(1);
    abort.abort();
    await expect(call).rejects.toThrow();
    await slowAgent.destroy();
  });

  it("delayMs alone: a patient client gets the real answer, recorded before it was sent", async () => {
    const before = liveIds();
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", delayMs: 3000 });
    const from = emu.state.calls.length;
    let settled = false;
    const call = fleetCall(agent, "connection").finally(() => {
      settled = true;
    });
    await waitFor(() => lastCall("CreateFederationConnection", from)?.answer === "delayed");
    expect(settled).toBe(false);
    const made = newIds(before);
    expect(made).toHaveLength(1);
    const r = await call;
    expect(r.status).toBe(201);
    expect(r.json.id).toBe(made[0]);
  });

  it("the record keeps the route's own failure: nothing was made, the client got the fault's answer", async () => {
    const before = liveIds();
    emu.faults.add({ operation: "CreateFederationConnection", phase: "after", status: 504, vendorCode: "APIGW.0202" });
    const r = await fleetCall(agent, "connection", undefined, "00000000-0000-4000-8000-000000000000");
    expect(r.status).toBe(504);
    expect(lastCall("CreateFederationConnection")).toMatchObject({
      status: 404,
      errorCode: "UCS.01100005",
      answer: "replaced",
      answerStatus: 504,
    });
    expect(newIds(before)).toEqual([]);
  });

  it("TKE: an error in Response.Error although the certificate was minted", async () => {
    const id = emu.seed.tke.intranetCluster.id;
    const issued = count(id);
    emu.faults.add({
      operation: "DescribeClusterKubeconfig",
      phase: "after",
      status: 500,
      vendorCode: "InternalError",
    });
    const r = await tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id, IsExtranet: false });
    expect(r.json.Response.Error.Code).toBe("InternalError");
    expect(r.json.Response.Kubeconfig).toBeUndefined();
    expect(lastCall("DescribeClusterKubeconfig")).toMatchObject(replaced(200, 500, "InternalError"));
    expect(count(id)).toBe(issued + 1);
  });
});
