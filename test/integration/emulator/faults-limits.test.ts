/**
 * Faults and limits not covered elsewhere: `delayMs`, `hang`, a truncated body, and the Huawei
 * throttling answers (UCS `UCS.01000002`, API Gateway `APIGW.0308`, both HTTP 429).
 * No timing thresholds: delay and hang are shown by the ORDER in which concurrent calls complete.
 */
import { useEmulator } from "../../support/emulator-fixture";
import { Res, agentFor, huawei, tke, ucs } from "./client";

const { emu, agent } = useEmulator({ clearFaultsAfterEach: true });

const ucsKubeconfig = (id: string) => ucs(emu, agent, "POST", `/v1/clusters/${id}/kubeconfig`);

describe("emulator faults: delay, hang, truncated body", () => {
  it("delayMs holds the answer back, then answers normally (a later call overtakes it)", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    // The delay is on one operation and the overtaking call is another, so which call takes the fault is fixed.
    emu.faults.add({ operation: "CreateClusterKubeconfig", delayMs: 2000 });
    const order: string[] = [];
    const slow = ucsKubeconfig(id).then((r) => {
      order.push("delayed");
      return r;
    });
    const fast = await ucs(emu, agent, "GET", `/v1/clusters/${id}`).then((r) => {
      order.push("normal");
      return r;
    });
    const delayed = await slow;
    expect(order).toEqual(["normal", "delayed"]);
    expect([delayed.status, fast.status]).toEqual([201, 200]);
    expect(delayed.json.kind).toBe("Config");
  });

  it("hang never answers: other calls complete while it stays pending, until the client aborts", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    emu.faults.add({ operation: "DescribeClusterEndpoints", hang: true });
    const hungAgent = agentFor(emu);
    const abort = new AbortController();
    let settled = false;
    const hung = tke(emu, hungAgent, "DescribeClusterEndpoints", { ClusterId: id }, { signal: abort.signal }).finally(
      () => {
        settled = true;
      },
    );
    await waitFor(() =>
      emu.state.calls.some((c) => c.operation === "DescribeClusterEndpoints" && c.errorCode === "hang"),
    );
    // Several full round trips complete while the hung call is still open.
    for (let i = 0; i < 3; i++) {
      const ok = await tke(emu, agent, "DescribeClusterEndpoints", { ClusterId: id });
      expect(ok.json.Response.Error).toBeUndefined();
    }
    expect(settled).toBe(false);
    abort.abort();
    await expect(hung).rejects.toThrow();
    await hungAgent.destroy();
  });

  it("a truncated body ends the connection before Content-Length bytes arrive", async () => {
    emu.faults.add({ operation: "CreateClusterKubeconfig", body: "truncated", status: 201 });
    await expect(ucsKubeconfig(emu.seed.ucs.clusters[0].id)).rejects.toThrow();
    const rec = emu.state.calls[emu.state.calls.length - 1];
    expect(rec).toMatchObject({ operation: "CreateClusterKubeconfig", status: 201, errorCode: "truncated" });
    // The fault was used once; the next call is whole.
    const next = await ucsKubeconfig(emu.seed.ucs.clusters[0].id);
    expect(next.status).toBe(201);
  });
});

describe("emulator rate limits: Huawei 429 codes", () => {
  it("UCS answers 429 UCS.01000002 in the UCS error shape", async () => {
    emu.setRateLimit("CreateClusterKubeconfig", 1);
    try {
      const rs = await Promise.all([1, 2, 3].map(() => ucsKubeconfig(emu.seed.ucs.clusters[0].id)));
      const limited = rs.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(rs.some((r) => r.status === 201)).toBe(true);
      for (const r of limited) {
        expect(r.json).toEqual({ error_code: "UCS.01000002", error_msg: expect.any(String) });
        expect(r.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      }
    } finally {
      emu.setRateLimit("CreateClusterKubeconfig", undefined);
    }
  });

  it("CCE answers 429 APIGW.0308 in the API Gateway shape", async () => {
    const pid = emu.credentials.huawei.projectId;
    emu.setRateLimit("CreateKubernetesClusterCert", 1);
    try {
      const rs = await Promise.all(
        [1, 2, 3].map(() =>
          huawei(
            emu,
            agent,
            "POST",
            emu.endpoints.cce("cn-north-4"),
            `/api/v3/projects/${pid}/clusters/${emu.seed.cce.privateCluster.id}/clustercert`,
            { body: { duration: 1 }, extraHeaders: { "x-project-id": pid } },
          ),
        ),
      );
      const limited = rs.filter((r: Res) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(rs.some((r) => r.status === 200)).toBe(true);
      for (const r of limited) {
        expect(r.json).toEqual({
          error_code: "APIGW.0308",
          error_msg: expect.any(String),
          request_id: r.headers["x-request-id"],
        });
      }
    } finally {
      emu.setRateLimit("CreateKubernetesClusterCert", undefined);
    }
  });
});

/** Polls `cond` on the event loop (bounded: 200 turns of 10 ms). */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
