import { HttpTransport, VendorApiError, type RequestSpec } from "../../../provider/http";
import { collectText, expectNoSecrets } from "../../support/secret-scan";
import { refusedPort, startServer, type LoopbackServer } from "../../support/loopback";
import { rejectionOf } from "../../support/failures";
import { copyHuaweiError } from "./harness";
import { createTestCa, issueLoopbackCert } from "./test-pki";

// Obviously fake credentials; long enough that any 12-character piece is distinctive.
const SECRETS = {
  "huawei secret key": "FAKEsk-0123456789abcdefghijKLMNOP",
  "security token": "FAKEst-zyxwvutsrqponmlkjihgFEDCBA",
  "x-auth-token": "FAKEat-MIIaaaabbbbccccddddeeeeffff",
  "tencent tc3 token": "FAKEtc-QQQQRRRRSSSSTTTTUUUUVVVVWW",
  signature: "deadbeefcafebabe0011223344556677aa",
  "body password": "FAKEpw-hunter2hunter2hunter2hunter",
  "kubeconfig client key": "FAKEck-LS0tLS1CRUdJTiBFQ0RTQQxyzw",
};

const spec = (url: string, extra: Partial<RequestSpec> = {}): RequestSpec => ({
  vendor: "huaweicloud",
  operation: "CreateClusterKubeconfig",
  method: "POST",
  url,
  headers: {
    "X-Auth-Token": SECRETS["x-auth-token"],
    "X-Security-Token": SECRETS["security token"],
    "X-TC-Token": SECRETS["tencent tc3 token"],
  },
  body: JSON.stringify({ password: SECRETS["body password"], SecretKey: SECRETS["huawei secret key"] }),
  sign: () => ({
    authorization: `SDK-HMAC-SHA256 Access=FAKEACCESSKEY, SignedHeaders=host;x-sdk-date, Signature=${SECRETS.signature}`,
  }),
  ...extra,
});

/** Echoes the request (all headers and body) back, like a chatty vendor error page. */
const echo = (status: number) => (req: { headers: unknown; body: Buffer }, res: import("http").ServerResponse) => {
  res.statusCode = status;
  res.end(
    JSON.stringify({
      error_code: "APIGW.0301",
      error_msg: `bad request: ${JSON.stringify(req.headers)} ${req.body.toString()}`,
      kubeconfig: `users:\n- user:\n    client-key-data: ${SECRETS["kubeconfig client key"]}`,
    }),
  );
};

let servers: LoopbackServer[] = [];
let lines: string[] = [];
let transport: HttpTransport;
beforeEach(() => {
  lines = [];
  transport = new HttpTransport({
    proxy: {},
    rateLimiter: { acquire: async () => undefined },
    sleep: async () => undefined,
    requestTimeoutMs: 100,
    retry: { maxAttempts: 2 },
    debug: true,
    log: (l) => lines.push(l),
  });
});
afterEach(async () => {
  await transport.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startServer>[0], tls?: { certPem: string; keyPem: string }) {
  const s = await startServer(handler, { tls });
  servers.push(s);
  return s;
}

describe("no secret in errors (message, stack, props, cause chain) or debug lines", () => {
  it("the scanner does see the secrets in what the server received (control)", async () => {
    const s = await serve(echo(401));
    await rejectionOf(transport.request(spec(s.url)));
    expect(() => expectNoSecrets(collectText(s.requests[0]), SECRETS)).toThrow(/x-auth-token/);
  });

  it.each([400, 401, 403, 404, 429, 500, 503])("HTTP %i with the request echoed back", async (status) => {
    const s = await serve(echo(status));
    const err = await rejectionOf(transport.request(spec(s.url, { mutating: false })));
    expect(err).toBeInstanceOf(VendorApiError);
    expectNoSecrets(err, SECRETS);
    expectNoSecrets(lines.join("\n"), SECRETS);
  });

  it("a vendor client that copies the echoed message into vendorMessage is still redacted", async () => {
    const s = await serve(echo(400));
    const err = await rejectionOf(transport.request(spec(s.url, { interpret: copyHuaweiError })));
    expect(err.vendorCode).toBe("APIGW.0301");
    expectNoSecrets(err, SECRETS);
    expectNoSecrets(JSON.stringify(err), SECRETS);
  });

  it("an interpret() that throws on a body full of secrets", async () => {
    const s = await serve((_req, res) => {
      res.end(`not json ${SECRETS["kubeconfig client key"]} ${SECRETS["security token"]}`);
    });
    const err = await rejectionOf(transport.request(spec(s.url, { interpret: (r) => JSON.parse(r.body.toString()) })));
    expectNoSecrets(err, SECRETS);
  });

  it("connection refused, reset, timeout and TLS failures", async () => {
    const port = await refusedPort();
    const reset = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const hang = await serve(() => undefined);
    const ca = await createTestCa("untrusted");
    const tls = await serve(echo(200), await issueLoopbackCert(ca));
    const errors = [
      await rejectionOf(transport.request(spec(`http://127.0.0.1:${port}/`))),
      await rejectionOf(transport.request(spec(reset.url))),
      await rejectionOf(transport.request(spec(hang.url))),
      await rejectionOf(transport.request(spec(tls.url))),
    ];
    expect(errors.map((e) => e.code)).toEqual(["TRANSPORT_ERROR", "TRANSPORT_ERROR", "TIMEOUT", "TRANSPORT_ERROR"]);
    for (const e of [errors[0], errors[1], errors[3]]) expect(e.cause).toBeDefined();
    for (const e of errors) {
      expectNoSecrets(e, SECRETS);
    }
    expectNoSecrets(lines.join("\n"), SECRETS);
  });
});

describe("debug log", () => {
  it("writes one allow-listed line per attempt to stderr when PULUMI_CLOUD_KUBECONFIG_DEBUG=1", async () => {
    const s = await serve((req, res) => {
      res.statusCode = s.requests.length === 1 ? 503 : 200;
      res.setHeader("x-request-id", `rid-${s.requests.length}`);
      res.end(req.body);
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const saved = process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG;
    process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG = "1";
    const t = new HttpTransport({
      proxy: {},
      rateLimiter: { acquire: async () => undefined },
      sleep: async () => undefined,
    });
    try {
      await t.request(spec(`${s.url}/v1/path?token=${SECRETS["x-auth-token"]}`));
    } finally {
      spy.mockRestore();
      if (saved === undefined) delete process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG;
      else process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG = saved;
      await t.close();
    }
    const ours = written.filter((w) => w.startsWith("pulumi-cloud-kubeconfig http "));
    expect(ours).toHaveLength(2);
    expect(ours[0]).toContain('operation="CreateClusterKubeconfig"');
    expect(ours[0]).toContain('path="/v1/path"');
    expect(ours[0]).toContain("attempt=1");
    expect(ours[0]).toContain("status=503");
    expect(ours[0]).toContain('requestId="rid-1"');
    expect(ours[0]).toContain('error="SERVER_ERROR"');
    expect(ours[0]).toMatch(/delayMs=\d+/);
    expect(ours[1]).toContain("attempt=2");
    expect(ours[1]).toContain("status=200");
    expectNoSecrets(written.join(""), SECRETS);
    expect(written.join("")).not.toMatch(/authorization|x-auth-token|FAKEACCESSKEY/i);
  });

  it("is silent without the environment variable", async () => {
    const s = await serve((_req, res) => {
      res.end("ok");
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const saved = process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG;
    delete process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG;
    const t = new HttpTransport({ proxy: {}, rateLimiter: { acquire: async () => undefined } });
    try {
      await t.request(spec(s.url));
    } finally {
      spy.mockRestore();
      if (saved !== undefined) process.env.PULUMI_CLOUD_KUBECONFIG_DEBUG = saved;
      await t.close();
    }
    expect(written.filter((w) => w.startsWith("pulumi-cloud-kubeconfig"))).toEqual([]);
  });
});
