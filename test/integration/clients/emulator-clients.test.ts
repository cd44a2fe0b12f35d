/**
 * The vendor clients against the local emulator over loopback HTTPS: real transport, real signatures
 * (verified by the emulator's independent verifiers), the emulator's CA trusted via `extraCaPem`.
 */
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { AuthError, NotFoundError } from "../../../provider/http/errors";
import { HttpTransport } from "../../../provider/http/transport";
import { CceApi } from "../../../provider/huaweicloud/cce";
import { HuaweiClient, type HuaweiCredentials } from "../../../provider/huaweicloud/client";
import { resolveHuaweiEndpoints } from "../../../provider/huaweicloud/endpoints";
import { IamApi, clearIamCache } from "../../../provider/huaweicloud/iam";
import { UcsApi } from "../../../provider/huaweicloud/ucs";
import { VpcepApi } from "../../../provider/huaweicloud/vpcep";
import { TencentClient, type TencentCredentials } from "../../../provider/tencentcloud/client";
import { resolveTkeEndpoint } from "../../../provider/tencentcloud/endpoints";
import { TkeApi } from "../../../provider/tencentcloud/tke";

let emu: EmulatorHandle;
let transport: HttpTransport;

beforeAll(async () => {
  emu = await startEmulator();
  transport = new HttpTransport({ extraCaPem: emu.caPem, proxy: {}, retry: { maxAttempts: 2, baseDelayMs: 1 } });
});
afterAll(async () => {
  if (transport) await transport.close();
  if (emu) await emu.stop();
});
beforeEach(() => clearIamCache());

function huawei(credentials?: HuaweiCredentials): HuaweiClient {
  const region = emu.credentials.huawei.region;
  const endpoints = resolveHuaweiEndpoints({
    region,
    overrides: {
      ucs: emu.endpoints.ucs,
      cce: emu.endpoints.cce(region),
      iam: emu.endpoints.iam(region),
      vpcep: emu.endpoints.vpcep(region),
    },
  });
  const c = emu.credentials.huawei;
  return new HuaweiClient({
    credentials: credentials || { accessKey: c.accessKey, secretKey: c.secretKey },
    endpoints,
    transport,
    now: () => emu.clock.now(),
  });
}

function tke(credentials?: TencentCredentials): TkeApi {
  const c = emu.credentials.tencent;
  const client = new TencentClient({
    credentials: credentials || { secretId: c.secretId, secretKey: c.secretKey },
    endpoint: resolveTkeEndpoint({ endpoint: emu.endpoints.tke }),
    region: c.region,
    transport,
    now: () => emu.clock.now(),
  });
  return new TkeApi(client);
}

function clusterNames(kubeconfig: unknown): string[] {
  const k = kubeconfig as { clusters?: Array<{ name: string }> };
  return (k.clusters || []).map((c) => c.name);
}

describe("Huawei clients against the emulator", () => {
  test("IAM resolves the project and domain ids of the demo account", async () => {
    const iam = new IamApi(huawei());
    expect(await iam.keystoneListProjects(emu.credentials.huawei.region)).toBe(emu.credentials.huawei.projectId);
    expect(await iam.showDomainId()).toBe(emu.credentials.huawei.domainId);
  });

  test("UCS CreateClusterKubeconfig with AK/SK (domain id looked up) returns a kubeconfig", async () => {
    const client = huawei();
    const ucs = new UcsApi(client, { iam: new IamApi(client) });
    const id = emu.seed.ucs.clusters[0].id;
    const kc = await ucs.createClusterKubeconfig(id);
    expect(typeof kc).toBe("object");
    expect(clusterNames(kc).length).toBeGreaterThan(0);
    expect(await ucs.showCluster(id)).toBeTruthy();
  });

  test("UCS with an IAM token and with temporary AK/SK + security token", async () => {
    const h = emu.credentials.huawei;
    const id = emu.seed.ucs.clusters[1].id;
    const byToken = new UcsApi(huawei({ authToken: h.authToken }));
    expect(clusterNames(await byToken.createClusterKubeconfig(id)).length).toBeGreaterThan(0);
    const temp = huawei(h.temporary);
    const byTemp = new UcsApi(temp, { domainId: h.domainId });
    expect(clusterNames(await byTemp.createClusterKubeconfig(id)).length).toBeGreaterThan(0);
  });

  test("an unknown cluster is a NotFoundError; a wrong secret key is an AuthError", async () => {
    const ucs = new UcsApi(huawei(), { domainId: emu.credentials.huawei.domainId });
    await expect(ucs.showCluster("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    const bad = new UcsApi(huawei({ accessKey: emu.credentials.huawei.accessKey, secretKey: "wrong-fake-secret" }), {
      domainId: emu.credentials.huawei.domainId,
    });
    const e = await bad.showCluster(emu.seed.ucs.clusters[0].id).catch((x) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).not.toContain("wrong-fake-secret");
  });

  test("CCE CreateKubernetesClusterCert returns the kubeconfig; ShowCluster sees the cluster", async () => {
    const client = huawei();
    const projectId = await new IamApi(client).keystoneListProjects(emu.credentials.huawei.region);
    const cce = new CceApi(client);
    const id = emu.seed.cce.publicCluster.id;
    const cert = await cce.createKubernetesClusterCert(projectId, id, { duration: 30 });
    expect(clusterNames(cert.kubeconfig).length).toBeGreaterThan(0);
    expect(await cce.showCluster(projectId, id)).toBeTruthy();
    await expect(cce.showCluster(projectId, "no-such-cluster")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("UCS fleet: CreateFederationCert creates a VPC endpoint that VPCEP lists and deletes", async () => {
    const h = emu.credentials.huawei;
    const client = huawei();
    const ucs = new UcsApi(client, { domainId: h.domainId });
    const vpcep = new VpcepApi(client);
    const s = emu.seed.ucs;
    const kc = await ucs.createFederationCert(s.fleets.federated.id, {
      projectID: h.projectId,
      vpcID: s.vpcId,
      subnetID: s.subnetId,
      duration: 30,
    });
    expect(clusterNames(kc).length).toBeGreaterThan(0);
    const list = await vpcep.listEndpoints(h.projectId, {
      vpcId: s.vpcId,
      endpointServiceName: s.endpointService.name,
    });
    expect(list.length).toBeGreaterThan(0);
    const id = list[0].id;
    expect((await vpcep.showEndpoint(h.projectId, id)).id).toBe(id);
    expect(await vpcep.deleteEndpoint(h.projectId, id)).toBe(true);
    expect(await vpcep.deleteEndpoint(h.projectId, id)).toBe(false);
  });
});

describe("TKE client against the emulator", () => {
  test("DescribeClusterKubeconfig returns YAML; endpoint status and DescribeClusters agree", async () => {
    const api = tke();
    const id = emu.seed.tke.extranetCluster.id;
    const yaml = await api.describeClusterKubeconfig(id, true);
    expect(yaml).toMatch(/clusters:/);
    expect((await api.describeClusterEndpointStatus(id, true)).Status).toBe("Created");
    const found = await api.describeClusters([id]);
    expect(found.Clusters.map((c) => c.ClusterId)).toEqual([id]);
  });

  test("unknown cluster and wrong key map to NotFoundError and AuthError", async () => {
    await expect(tke().describeClusterKubeconfig("cls-doesnotexist", false)).rejects.toBeInstanceOf(NotFoundError);
    const bad = tke({ secretId: emu.credentials.tencent.secretId, secretKey: "wrongFakeKey" });
    const e = await bad.describeClusterKubeconfig(emu.seed.tke.extranetCluster.id, true).catch((x) => x);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).not.toContain("wrongFakeKey");
  });
});
