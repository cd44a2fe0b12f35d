/**
 * The real kubectl (client-go) is the judge: every normalized kubeconfig loads (`config view`,
 * `--minify`) and builds a transport (`get --raw` reaches the TCP connect and is refused by a
 * closed loopback port), while the raw vendor forms fail exactly as docs/vendor-apis.md §6 predicts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeconfigSource, prepareKubeconfig } from "../../../provider/kubeconfig";
import {
  TestPki,
  createTestPki,
  fillFixture,
  readFixture,
  vendorDocument,
} from "../../fixtures/kubeconfig/vendor-documents";

let pki: TestPki;
let dir: string;
let server: string;
let port: number;

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), "kubeconfig-kubectl-"));
  port = await closedLoopbackPort();
  server = `https://127.0.0.1:${port}`;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A port that was just free on 127.0.0.1: connecting to it is refused at once. */
function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

let fileCounter = 0;
function writeTemp(text: string, ext = "yaml"): string {
  const file = join(dir, `kc-${++fileCounter}.${ext}`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

function kubectl(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync("kubectl", args, {
    encoding: "utf8",
    // No inherited KUBECONFIG, proxies or home cache: only the file under test counts.
    env: { PATH: process.env.PATH || "/usr/bin:/bin", HOME: dir, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

function getVersion(file: string, context?: string): { status: number | null; stderr: string } {
  const args = ["--kubeconfig", file, "get", "--raw", "/version", "--request-timeout=5s"];
  if (context !== undefined) args.push("--context", context);
  return kubectl(args);
}

/** kubectl's message once the config loaded and the transport was built: the TCP connect failed. */
function refusedPattern(): RegExp {
  return new RegExp(`127\\.0\\.0\\.1:${port}.*refused`);
}

interface Row {
  fixture: string;
  source: KubeconfigSource;
  endpoint?: string;
}
const ROWS: Row[] = [
  { fixture: "cce-three-endpoints.json", source: "cce" },
  { fixture: "cce-three-endpoints.json", source: "cce", endpoint: "internal" },
  { fixture: "cce-three-endpoints.json", source: "cce", endpoint: "external" },
  { fixture: "cce-internal-only.json", source: "cce" },
  { fixture: "ucs-cluster.json", source: "ucs" },
  { fixture: "ucs-cluster.json", source: "ucs", endpoint: "internal" },
  { fixture: "ucs-cluster.json", source: "ucs", endpoint: "external" },
  { fixture: "ucs-federation.json", source: "ucs-federation", endpoint: "demo" },
  { fixture: "ucs-federation-token.json", source: "ucs-federation" },
  { fixture: "tke-kubeconfig.yaml", source: "tke", endpoint: "intranet" },
  { fixture: "tke-kubeconfig.yaml", source: "tke", endpoint: "extranet" },
];

describe("kubectl accepts every normalized kubeconfig", () => {
  test.each(ROWS)("$source $fixture $endpoint", (row) => {
    const prepared = prepareKubeconfig({
      source: row.source,
      document: vendorDocument(row.fixture, pki, { server }),
      endpoint: row.endpoint,
      clusterId: "c-1",
      namespace: "apps",
    });
    const file = writeTemp(prepared.yaml);

    for (const extra of [[], ["--minify"]]) {
      const view = kubectl(["config", "view", "--kubeconfig", file, "--raw", "-o", "json", ...extra]);
      expect(view.stderr).toBe("");
      expect(view.status).toBe(0);
      const kc = JSON.parse(view.stdout);
      expect(kc["current-context"]).toBe(prepared.contextName);
      expect(kc.contexts).toEqual([
        {
          name: prepared.contextName,
          context: { cluster: prepared.clusterName, user: prepared.userName, namespace: "apps" },
        },
      ]);
      const cluster = kc.clusters[0].cluster;
      expect(cluster.server).toBe(server);
      expect(cluster["insecure-skip-tls-verify"] === true).toBe(prepared.insecureSkipTlsVerify);
      expect(cluster["certificate-authority-data"]).toBe(prepared.certificateAuthorityData);
      const user = kc.users[0].user;
      if (prepared.authType === "certificate") {
        expect(user["client-certificate-data"]).toBe(pki.certData);
        expect(user["client-key-data"]).toBe(pki.keyData);
      } else {
        expect(user.token).toBe(pki.token);
      }
    }

    // Building the transport parses CA, client cert and key and checks CA vs insecure; then the
    // connect is refused. Any config error would show instead of "refused".
    const get = getVersion(file);
    expect(get.status).not.toBe(0);
    expect(get.stderr).toMatch(refusedPattern());
  });
});

describe("kubectl rejects the raw vendor forms that normalization fixes", () => {
  test('UCS: insecure-skip-tls-verify "true" (a string) fails to load; normalized it works', () => {
    const raw = writeTemp(fillFixture(readFixture("ucs-cluster.json"), pki, { server }), "json");
    const view = kubectl(["config", "view", "--kubeconfig", raw, "--raw", "-o", "json"]);
    expect(view.status).not.toBe(0);
    expect(view.stderr).toMatch(/cannot unmarshal string into Go struct field .*insecure-skip-tls-verify of type bool/);
    const get = getVersion(raw, "external");
    expect(get.stderr).toMatch(/cannot unmarshal string .*insecure-skip-tls-verify/);

    const fixed = prepareKubeconfig({
      source: "ucs",
      document: vendorDocument("ucs-cluster.json", pki, { server }),
      endpoint: "external",
      clusterId: "c",
    });
    expect(fixed.insecureSkipTlsVerify).toBe(true);
    expect(getVersion(writeTemp(fixed.yaml)).stderr).toMatch(refusedPattern());
  });

  test("CCE: insecure together with a CA loads but cannot build a transport; normalized it works", () => {
    const raw = writeTemp(fillFixture(readFixture("cce-three-endpoints.json"), pki, { server }), "json");
    // `config view` does not build a transport, so it does not notice the conflict...
    expect(kubectl(["config", "view", "--kubeconfig", raw, "--raw", "-o", "json"]).status).toBe(0);
    // ...a request does (client-go transport.TLSConfigFor).
    const get = getVersion(raw, "external");
    expect(get.status).not.toBe(0);
    expect(get.stderr).toContain("specifying a root certificates file with the insecure flag is not allowed");
    // The verified context of the same raw document is fine: the conflict is in one entry only.
    expect(getVersion(raw, "externalTLSVerify").stderr).toMatch(refusedPattern());

    const fixed = prepareKubeconfig({
      source: "cce",
      document: vendorDocument("cce-three-endpoints.json", pki, { server }),
      endpoint: "external",
      clusterId: "c",
    });
    const get2 = getVersion(writeTemp(fixed.yaml));
    expect(get2.stderr).not.toContain("insecure flag");
    expect(get2.stderr).toMatch(refusedPattern());
  });

  test("non-base64 CA data fails in kubectl and is BAD_BASE64 here", () => {
    const text = fillFixture(readFixture("cce-internal-only.json"), pki, { server }).replace(pki.caData, "not*base64");
    const view = kubectl(["config", "view", "--kubeconfig", writeTemp(text, "json"), "--raw", "-o", "json"]);
    expect(view.status).not.toBe(0);
    expect(view.stderr).toMatch(/illegal base64 data/);
    expect(() => prepareKubeconfig({ source: "cce", document: text, clusterId: "c" })).toThrow(
      /certificate-authority-data is not valid standard base64/,
    );
  });
});
