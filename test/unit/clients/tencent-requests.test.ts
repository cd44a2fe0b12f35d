import { parseTc3Authorization, verifyTc3Signature } from "../../../emulator/auth/tc3-verify";
import { NotFoundError, ThrottledError } from "../../../provider/http/errors";
import { TencentClient, type TencentCredentials } from "../../../provider/tencentcloud/client";
import { resolveTkeEndpoint } from "../../../provider/tencentcloud/endpoints";
import { TkeApi } from "../../../provider/tencentcloud/tke";
import { FakeTransport, received, type Canned, type SentRequest } from "./fake-transport";

const CREDS: TencentCredentials = { secretId: "AKIDFAKEFORTESTS0000", secretKey: "fake-tencent-secret-key" };
const NOW = new Date("2026-03-01T23:59:30Z");

function setup(responses: Canned[], opts: { endpoint?: string; credentials?: TencentCredentials } = {}) {
  const transport = new FakeTransport(responses);
  const client = new TencentClient({
    credentials: opts.credentials || CREDS,
    endpoint: opts.endpoint || resolveTkeEndpoint(),
    region: "ap-guangzhou",
    language: "en-US",
    transport,
    now: () => NOW,
  });
  return { transport, tke: new TkeApi(client) };
}

function ok(response: object): Canned {
  return { status: 200, body: { Response: { ...response, RequestId: "req-ok" } } };
}

function expectValidSignature(s: SentRequest) {
  const auth = parseTc3Authorization(s.headers.authorization);
  expect(auth).toBeDefined();
  expect(auth!.secretId).toBe(CREDS.secretId);
  expect(auth!.service).toBe("tke");
  expect(auth!.date).toBe("2026-03-01");
  expect(verifyTc3Signature(received(s), auth!, CREDS.secretKey)).toBe(true);
  expect(verifyTc3Signature(received(s), auth!, CREDS.secretKey + "x")).toBe(false);
}

describe("TencentClient and TKE", () => {
  test("DescribeClusterKubeconfig: POST /, JSON body bytes, TC3 headers, unwraps the Kubeconfig", async () => {
    const yaml = "apiVersion: v1\nclusters: []\n";
    const { transport, tke } = setup([ok({ Kubeconfig: yaml })]);
    expect(await tke.describeClusterKubeconfig("cls-abc", true)).toBe(yaml);
    const s = transport.sent[0];
    expect(s.method).toBe("POST");
    expect(s.url.toString()).toBe("https://tke.tencentcloudapi.com/");
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.body.toString()).toBe('{"ClusterId":"cls-abc","IsExtranet":true}');
    expect(s.headers["x-tc-action"]).toBe("DescribeClusterKubeconfig");
    expect(s.headers["x-tc-version"]).toBe("2018-05-25");
    expect(s.headers["x-tc-region"]).toBe("ap-guangzhou");
    // The vendor's facts travel with the request: its published limit and its request-id headers.
    expect(s.spec.rateLimit).toEqual({ ratePerSecond: 20 });
    expect(s.spec.requestIdHeaders).toEqual(["x-request-id", "x-tc-requestid"]);
    expect(s.headers["x-tc-language"]).toBe("en-US");
    expect(s.headers["x-tc-timestamp"]).toBe(String(Math.floor(NOW.getTime() / 1000)));
    expect(s.headers["x-tc-token"]).toBeUndefined();
    expect(s.spec.operation).toBe("DescribeClusterKubeconfig");
    expect(s.spec.vendor).toBe("tencentcloud");
    expectValidSignature(s);
  });

  test("temporary credentials send X-TC-Token", async () => {
    const { transport, tke } = setup([ok({ Status: "Created" })], {
      credentials: { ...CREDS, token: "fake-tc-token" },
    });
    await tke.describeClusterEndpointStatus("cls-1", false);
    expect(transport.sent[0].headers["x-tc-token"]).toBe("fake-tc-token");
  });

  test("an endpoint override with a path prefix: sent to prefix + /, still signed as service tke", async () => {
    const { transport, tke } = setup([ok({ Status: "NotFound", ErrorMsg: "" })], {
      endpoint: resolveTkeEndpoint({ endpoint: "https://127.0.0.1:9443/tke.tencentcloudapi.com" }),
    });
    expect(await tke.describeClusterEndpointStatus("cls-1", true)).toEqual({ Status: "NotFound", RequestId: "req-ok" });
    const s = transport.sent[0];
    expect(s.url.pathname).toBe("/tke.tencentcloudapi.com/");
    expect(s.body.toString()).toBe('{"ClusterId":"cls-1","IsExtranet":true}');
    expectValidSignature(s);
  });

  test("DescribeClusterEndpoints / DescribeClusterSecurity / DescribeClusters return the vendor fields", async () => {
    const { transport, tke } = setup([
      ok({ ClusterExternalEndpoint: "1.2.3.4", ClusterIntranetEndpoint: "10.0.0.1", CertificationAuthority: "ca" }),
      ok({ Domain: "cls-1.ccs.tencent-cloud.com", UserName: "admin" }),
      ok({ TotalCount: 1, Clusters: [{ ClusterId: "cls-1", ClusterStatus: "Running" }, { bogus: true }] }),
    ]);
    expect(await tke.describeClusterEndpoints("cls-1")).toMatchObject({ ClusterExternalEndpoint: "1.2.3.4" });
    expect(await tke.describeClusterSecurity("cls-1")).toMatchObject({ Domain: "cls-1.ccs.tencent-cloud.com" });
    expect(await tke.describeClusters(["cls-1", "cls-2"])).toEqual({
      TotalCount: 1,
      Clusters: [{ ClusterId: "cls-1", ClusterStatus: "Running" }],
    });
    expect(transport.sent.map((s) => s.headers["x-tc-action"])).toEqual([
      "DescribeClusterEndpoints",
      "DescribeClusterSecurity",
      "DescribeClusters",
    ]);
    expect(transport.sent[2].body.toString()).toBe('{"ClusterIds":["cls-1","cls-2"],"Limit":2}');
  });

  test("Response.Error arrives as a typed error with the request id", async () => {
    const { tke } = setup([
      {
        status: 200,
        body: { Response: { Error: { Code: "ResourceNotFound.ClusterNotFound", Message: "gone" }, RequestId: "r-1" } },
      },
      {
        status: 200,
        body: { Response: { Error: { Code: "RequestLimitExceeded", Message: "slow down" }, RequestId: "r-2" } },
      },
    ]);
    const nf = await tke.describeClusterKubeconfig("cls-x", false).catch((x) => x);
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.requestId).toBe("r-1");
    const th = await tke.describeClusterKubeconfig("cls-x", false).catch((x) => x);
    expect(th).toBeInstanceOf(ThrottledError);
    expect(th.retryable).toBe(true);
  });

  test("a success without Kubeconfig is an error naming the operation", async () => {
    const { tke } = setup([ok({})]);
    await expect(tke.describeClusterKubeconfig("cls-x", false)).rejects.toThrow(
      /DescribeClusterKubeconfig.*no Kubeconfig/,
    );
  });
});

test("a call parses the answer's body once (the transport's check and the client's unwrapping share it)", async () => {
  const { tke } = setup([ok({ Kubeconfig: "apiVersion: v1\n" })]);
  const parse = jest.spyOn(JSON, "parse");
  try {
    await tke.describeClusterKubeconfig("cls-aaaaaaaa", false);
    expect(parse.mock.calls.filter(([text]) => String(text).includes("req-ok"))).toHaveLength(1);
  } finally {
    parse.mockRestore();
  }
});
