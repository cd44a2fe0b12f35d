/**
 * The Huawei routes answer as the vendor does: UCS cluster kubeconfigs (the string "true" quirk, a fresh
 * certificate per call), fleets, federation and its progress, connection and cert (which make VPC endpoints),
 * CCE cluster certificates (contexts per endpoint, duration and expire_at), IAM, and the AK/SK signature checks.
 */
import { X509Certificate } from "node:crypto";
import { useEmulator } from "../../support/emulator-fixture";
import { HuaweiCallOptions, huawei, regional, ucs } from "./client";

const { emu, agent } = useEmulator();
const certOf = (kc: { users: { user: Record<string, string> }[] }) =>
  new X509Certificate(Buffer.from(kc.users[0].user["client-certificate-data"], "base64"));

describe("emulator: UCS", () => {
  it("issues a cluster kubeconfig (201) with the string 'true' quirk and a fresh cert each time", async () => {
    const id = emu.seed.ucs.clusters[0].id;
    const a = await ucs(emu, agent, "POST", `/v1/clusters/${id}/kubeconfig`);
    const b = await ucs(emu, agent, "POST", `/v1/clusters/${id}/kubeconfig`);
    expect(a.status).toBe(201);
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.json.clusters[1].cluster["insecure-skip-tls-verify"]).toBe("true");
    expect(a.json.users[0].user.token).toBe("");
    expect(certOf(a.json).serialNumber).not.toBe(certOf(b.json).serialNumber);
    expect(emu.state.issuanceCounts[id]).toBe(2);
  });

  it("answers unknown clusters and fleets with the documented codes", async () => {
    const c = await ucs(emu, agent, "GET", "/v1/clusters/00000000-0000-4000-8000-000000000000");
    expect(c.status).toBe(404);
    expect(c.json.error_code).toBe("UCS.01030001");
    const f = await ucs(emu, agent, "GET", "/v1/clustergroups/00000000-0000-4000-8000-000000000000");
    expect(f.json.error_code).toBe("UCS.01100005");
  });

  it("requires X-Domain-Id for AK/SK calls", async () => {
    const r = await huawei(emu, agent, "GET", emu.endpoints.ucs, `/v1/clusters/${emu.seed.ucs.clusters[0].id}`);
    expect(r.status).toBe(401);
    expect(r.json.error_code).toBe("APIGW.0301");
  });

  it("serves fleets, federation errors, connection and cert (creating VPC endpoints)", async () => {
    const fed = emu.seed.ucs.fleets.federated.id;
    const plain = emu.seed.ucs.fleets.plain.id;
    const g = await ucs(emu, agent, "GET", `/v1/clustergroups/${fed}`);
    expect(g.json.spec.connectGatewayEndpoints[0].type).toBe("VPCEP");
    expect(g.json.status.conditions[0]).toMatchObject({ type: "Federation", status: "Available" });
    const net = {
      projectID: emu.credentials.huawei.projectId,
      vpcID: emu.seed.ucs.vpcId,
      subnetID: emu.seed.ucs.subnetId,
    };
    const noFed = await ucs(emu, agent, "POST", `/v1/clustergroups/${plain}/kubeconfig`, { body: { duration: 1 } });
    expect(noFed.json.error_code).toBe("UCS.01080006");
    const bad = await ucs(emu, agent, "POST", `/v1/clustergroups/${fed}/kubeconfig`, { body: { duration: 1826 } });
    expect(bad.status).toBe(400);
    const conn = await ucs(emu, agent, "POST", `/v1/clustergroups/${fed}/connection`, { body: net });
    expect(conn.status).toBe(201);
    const cert = await ucs(emu, agent, "POST", `/v1/clustergroups/${fed}/cert`, { body: { ...net, duration: 30 } });
    expect(cert.status).toBe(201);
    expect(cert.json.id).toBeUndefined();
    const x = certOf(cert.json);
    expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBe(30 * 86400000);
    const list = await regional(emu, agent, "vpcep", "GET", `/v1/${net.projectID}/vpc-endpoints?vpc_id=${net.vpcID}`);
    expect(list.json.total_count).toBe(2);
    const del = await regional(emu, agent, "vpcep", "DELETE", `/v1/${net.projectID}/vpc-endpoints/${conn.json.id}`);
    expect(del.status).toBe(204);
    const gone = await regional(emu, agent, "vpcep", "GET", `/v1/${net.projectID}/vpc-endpoints/${conn.json.id}`);
    expect(gone.status).toBe(404);
    expect(emu.state.vpcEndpoints.find((e) => e.id === conn.json.id)!.deletedAt).toBeDefined();
  });

  it("enables federation asynchronously on the emulator clock", async () => {
    const plain = emu.seed.ucs.fleets.plain.id;
    const en = await ucs(emu, agent, "POST", `/v1/clustergroups/${plain}/federations`);
    expect(en.status).toBe(201);
    const again = await ucs(emu, agent, "POST", `/v1/clustergroups/${plain}/federations`);
    expect(again.json.error_code).toBe("UCS.01080002");
    const p1 = await ucs(emu, agent, "GET", `/v1/clustergroups/${plain}/federations/progress`);
    expect(p1.json.status.phase).toBe("Running");
    emu.clock.advance(10_000);
    const p2 = await ucs(emu, agent, "GET", `/v1/clustergroups/${plain}/federations/progress`);
    expect(p2.json.status.phase).toBe("Success");
  });
});

describe("emulator: CCE, IAM and Huawei auth", () => {
  const certPath = (id: string) => `/api/v3/projects/${emu.credentials.huawei.projectId}/clusters/${id}/clustercert`;

  it("returns three clusters/contexts for a cluster with an EIP, with Port-ID", async () => {
    const r = await regional(emu, agent, "cce", "POST", certPath(emu.seed.cce.publicCluster.id), {
      body: { duration: 7 },
    });
    expect(r.status).toBe(200);
    expect(r.headers["port-id"]).toBeTruthy();
    expect(r.json.clusters.map((c: { name: string }) => c.name)).toEqual([
      "internalCluster",
      "externalCluster",
      "externalClusterTLSVerify",
    ]);
    expect(r.json.clusters[1].cluster["insecure-skip-tls-verify"]).toBe(true);
    expect(r.json.clusters[1].cluster["certificate-authority-data"]).not.toBe("");
    expect(r.json["current-context"]).toBe("external");
    const x = certOf(r.json);
    expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBe(7 * 86400000);
  });

  it("returns only the internal context without an EIP; expire_at wins; bad durations are 400", async () => {
    const at = new Date(Math.floor(emu.clock.now().getTime() / 1000) * 1000 + 2 * 3600 * 1000);
    const expireAt = at
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " +0000 UTC");
    const r = await regional(emu, agent, "cce", "POST", certPath(emu.seed.cce.privateCluster.id), {
      body: { duration: 30, expire_at: expireAt },
    });
    expect(r.json.contexts.map((c: { name: string }) => c.name)).toEqual(["internal"]);
    expect(new Date(certOf(r.json).validTo).toISOString()).toBe(at.toISOString());
    for (const duration of [0, 1828]) {
      const b = await regional(emu, agent, "cce", "POST", certPath(emu.seed.cce.privateCluster.id), {
        body: { duration },
      });
      expect(b.status).toBe(400);
      expect(b.json.errorCode).toBe("CCE.01400001");
    }
    const u = await regional(emu, agent, "cce", "POST", certPath("00000000-0000-4000-8000-000000000000"), {
      body: { duration: 1 },
    });
    expect(u.status).toBe(404);
    expect(u.json.errorCode).toBe("CCE.01404001");
  });

  it("accepts X-Auth-Token and the deprecated GET", async () => {
    const r = await huawei(
      emu,
      agent,
      "GET",
      emu.endpoints.cce("cn-north-4"),
      certPath(emu.seed.cce.publicCluster.id),
      {
        extraHeaders: { "x-auth-token": emu.credentials.huawei.authToken },
      },
    );
    expect(r.status).toBe(200);
    expect(r.json.clusters).toHaveLength(1);
  });

  it("resolves the project id and domain through IAM", async () => {
    const p = await huawei(emu, agent, "GET", emu.endpoints.iam("cn-north-4"), "/v3/projects?name=cn-north-4");
    expect(p.json.projects.map((x: { id: string }) => x.id)).toEqual([emu.credentials.huawei.projectId]);
    const d = await huawei(emu, agent, "GET", emu.endpoints.iam("cn-north-4"), "/v3/auth/domains");
    expect(d.json.domains[0].id).toBe(emu.credentials.huawei.domainId);
  });

  it("rejects wrong keys, tampered bodies and skewed clocks with APIGW codes", async () => {
    const path = certPath(emu.seed.cce.publicCluster.id);
    const call = (o: HuaweiCallOptions) => regional(emu, agent, "cce", "POST", path, { body: { duration: 1 }, ...o });
    const wrongAk = await call({ accessKey: "UNKNOWNFAKEAK" });
    expect([wrongAk.status, wrongAk.json.error_code]).toEqual([401, "APIGW.0301"]);
    const wrongSk = await call({ secretKey: "wrong" });
    expect([wrongSk.status, wrongSk.json.error_code]).toEqual([401, "APIGW.0301"]);
    const tampered = await call({ tamper: true });
    expect(tampered.status).toBe(401);
    const skewed = await call({ at: new Date(emu.clock.now().getTime() - 16 * 60 * 1000) });
    expect(skewed.json).toMatchObject({ error_code: "APIGW.0303", request_id: skewed.headers["x-request-id"] });
    const temp = emu.credentials.huawei.temporary;
    const tmp = await call({
      accessKey: temp.accessKey,
      secretKey: temp.secretKey,
      securityToken: temp.securityToken,
    });
    expect(tmp.status).toBe(200);
  });
});
