import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { useEmulator } from "../../support/emulator-fixture";
import { huawei, tke } from "./client";

const { emu, agent } = useEmulator();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "emu-kubectl-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs kubectl asynchronously: the emulated cluster answers from this same process. */
function kubectl(kubeconfig: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const file = join(dir, `kc-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, kubeconfig);
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      ["--kubeconfig", file, "--request-timeout=10s", ...args],
      { encoding: "utf8" },
      (err, stdout, stderr) => {
        resolve({ status: err ? Number((err as { code?: number }).code) || 1 : 0, stdout, stderr });
      },
    );
  });
}

describe("emulator: TKE", () => {
  it("returns a YAML kubeconfig; the same cert per sub-account; 20 years", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    const a = await tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id, IsExtranet: true });
    const b = await tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id, IsExtranet: true });
    const kc = load(a.json.Response.Kubeconfig) as { clusters: { cluster: { server: string } }[] };
    expect(kc.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(a.json.Response.Kubeconfig).toBe(b.json.Response.Kubeconfig);
    const rec = emu.state.clientCertificates[id][0];
    expect(rec.notAfter.getUTCFullYear() - rec.notBefore.getUTCFullYear()).toBe(20);
    expect(emu.state.issuanceCounts[id]).toBe(1);
  });

  it("points at the unreachable default domain when the endpoint is not enabled", async () => {
    const id = emu.seed.tke.intranetCluster.id;
    const r = await tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id, IsExtranet: true });
    expect(r.json.Response.Kubeconfig).toContain(`server: https://${id}.ccs.tencent-cloud.com`);
  });

  it("creates endpoints asynchronously (Creating, then Created on the moved clock)", async () => {
    const id = emu.seed.tke.intranetCluster.id;
    const c = await tke(emu, agent, "CreateClusterEndpoint", {
      ClusterId: id,
      IsExtranet: true,
      SecurityGroup: "sg-fake0001",
    });
    expect(c.json.Response.Error).toBeUndefined();
    const s1 = await tke(emu, agent, "DescribeClusterEndpointStatus", { ClusterId: id, IsExtranet: true });
    expect(s1.json.Response.Status).toBe("Creating");
    emu.clock.advance(5000);
    const s2 = await tke(emu, agent, "DescribeClusterEndpointStatus", { ClusterId: id, IsExtranet: true });
    expect(s2.json.Response.Status).toBe("Created");
    const d = await tke(emu, agent, "DescribeClusters", { ClusterIds: [id, "cls-unknown0"] });
    expect(d.json.Response.Clusters.map((x: { ClusterId: string }) => x.ClusterId)).toEqual([id]);
  });

  it("rejects unknown ids, bad signatures, skew and unknown clusters with Tencent codes in HTTP 200", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    const cases: [Promise<{ status: number; json: any }>, string][] = [
      [
        tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id }, { secretId: "AKIDUNKNOWNFAKE" }),
        "AuthFailure.SecretIdNotFound",
      ],
      [
        tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id }, { secretKey: "wrong" }),
        "AuthFailure.SignatureFailure",
      ],
      [
        tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id }, { tamper: true }),
        "AuthFailure.SignatureFailure",
      ],
      [
        tke(
          emu,
          agent,
          "DescribeClusterKubeconfig",
          { ClusterId: id },
          { at: new Date(emu.clock.now().getTime() - 6 * 60 * 1000) },
        ),
        "AuthFailure.SignatureExpire",
      ],
      [tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: "cls-unknown0" }), "InvalidParameter.ClusterNotFound"],
    ];
    for (const [p, code] of cases) {
      const r = await p;
      expect(r.status).toBe(200);
      expect(r.json.Response.Error.Code).toBe(code);
      expect(r.json.Response.RequestId).toBeTruthy();
    }
    const t = emu.credentials.tencent.temporary;
    const ok = await tke(
      emu,
      agent,
      "DescribeClusterEndpoints",
      { ClusterId: id },
      { secretId: t.secretId, secretKey: t.secretKey, token: t.token },
    );
    expect(ok.json.Response.ClusterExternalEndpoint).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe("emulator: faults and rate limits", () => {
  it("applies a status fault N times with Retry-After, then answers normally", async () => {
    const id = emu.seed.ucs.clusters[1].id;
    const h = { "x-domain-id": emu.credentials.huawei.domainId };
    emu.faults.add({ operation: "CreateClusterKubeconfig", times: 2, status: 503, retryAfter: "1" });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await huawei(emu, agent, "POST", emu.endpoints.ucs, `/v1/clusters/${id}/kubeconfig`, {
        extraHeaders: h,
      });
      codes.push(r.status);
      if (i === 0) expect(r.headers["retry-after"]).toBe("1");
    }
    expect(codes).toEqual([503, 503, 201]);
  });

  it("serves HTML and malformed bodies, and resets connections", async () => {
    const id = emu.seed.tke.extranetCluster.id;
    emu.faults.add({ operation: "DescribeClusterEndpoints", body: "html" });
    const html = await tke(emu, agent, "DescribeClusterEndpoints", { ClusterId: id });
    expect([html.status, html.headers["content-type"]]).toEqual([502, "text/html"]);
    emu.faults.add({ operation: "DescribeClusterEndpoints", body: "malformed-json" });
    const bad = await tke(emu, agent, "DescribeClusterEndpoints", { ClusterId: id });
    expect(bad.json).toBeUndefined();
    emu.faults.add({ operation: "DescribeClusterEndpoints", reset: true });
    await expect(tke(emu, agent, "DescribeClusterEndpoints", { ClusterId: id })).rejects.toThrow();
  });

  it("limits DescribeClusterKubeconfig per second with RequestLimitExceeded", async () => {
    emu.setRateLimit("DescribeClusterKubeconfig", 3);
    const id = emu.seed.tke.extranetCluster.id;
    const rs = await Promise.all(
      Array.from({ length: 6 }, () => tke(emu, agent, "DescribeClusterKubeconfig", { ClusterId: id })),
    );
    const limited = rs.filter((r) => r.json.Response.Error && r.json.Response.Error.Code === "RequestLimitExceeded");
    expect(limited.length).toBeGreaterThanOrEqual(3);
    emu.setRateLimit("DescribeClusterKubeconfig", 20);
  });
});

describe("emulator: kubectl against an emulated cluster", () => {
  const cceCert = (body: unknown) =>
    huawei(
      emu,
      agent,
      "POST",
      emu.endpoints.cce("cn-north-4"),
      `/api/v3/projects/${emu.credentials.huawei.projectId}/clusters/${emu.seed.cce.publicCluster.id}/clustercert`,
      {
        body,
        extraHeaders: { "x-project-id": emu.credentials.huawei.projectId },
      },
    );
  const secure = (kc: any) => {
    // Minimal hand conversion: keep the verified context only.
    return JSON.stringify({ ...kc, "current-context": "externalTLSVerify" });
  };

  it("accepts a secure context (get --raw /version and version -o json)", async () => {
    const r = await cceCert({ duration: 1 });
    const raw = await kubectl(secure(r.json), "get", "--raw", "/version");
    expect(raw.status).toBe(0);
    expect(JSON.parse(raw.stdout).gitVersion).toBe("v1.31.1");
    const v = await kubectl(secure(r.json), "version", "-o", "json");
    expect(JSON.parse(v.stdout).serverVersion.minor).toBe("31");
  });

  it("refuses revoked, expired and foreign certificates", async () => {
    const r = await cceCert({ duration: 1 });
    const kc = secure(r.json);
    expect((await kubectl(kc, "get", "--raw", "/version")).status).toBe(0);
    emu.clock.advance(2 * 86400000);
    const expired = await kubectl(kc, "get", "--raw", "/version");
    expect(expired.status).not.toBe(0);
    expect(expired.stderr).toMatch(/Unauthorized/i);
    emu.clock.advance(-2 * 86400000);

    const foreign = JSON.parse(kc);
    const other = await tke(emu, agent, "DescribeClusterKubeconfig", {
      ClusterId: emu.seed.tke.extranetCluster.id,
      IsExtranet: true,
    });
    const otherUser = (load(other.json.Response.Kubeconfig) as { users: { user: unknown }[] }).users[0].user;
    foreign.users[0].user = otherUser;
    expect((await kubectl(JSON.stringify(foreign), "get", "--raw", "/version")).stderr).toMatch(/Unauthorized/i);

    const revoke = await huawei(
      emu,
      agent,
      "POST",
      emu.endpoints.cce("cn-north-4"),
      `/api/v3/projects/${emu.credentials.huawei.projectId}/clusters/${emu.seed.cce.publicCluster.id}/clustercertrevoke`,
      {
        body: { userId: emu.credentials.huawei.userId },
        extraHeaders: { "x-project-id": emu.credentials.huawei.projectId },
      },
    );
    expect(revoke.status).toBe(200);
    const revoked = await kubectl(kc, "get", "--raw", "/version");
    expect(revoked.stderr).toMatch(/Unauthorized/i);
  });
});
