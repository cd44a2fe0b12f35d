/**
 * A real Kubernetes control plane for the engine tier: etcd and kube-apiserver built by
 * scripts/ensure-kube-apiserver.sh, started as ASYNC child processes on loopback (the emulator answers from
 * the Jest process's event loop), with the envtest default flags (docs/pulumi-dynamic.md §4). No
 * scheduler, controllers or kubelets: objects are stored and served, nothing reconciles them (a deleted
 * Namespace stays Terminating, because only kube-controller-manager's namespace controller finalizes it).
 */
import { ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CertificateAuthority, issueClientCertificate, issueServerCertificate } from "../../emulator/pki";
import { runEnsureScript, type CliProvision } from "./pulumi-cli";

/** Set to 1 to let the kube-apiserver test build the binaries (a long build) instead of skipping; CI=true too. */
export const BUILD_APISERVER_ENV = "PULUMI_CLOUD_KUBECONFIG_BUILD_APISERVER";

let provisioned: CliProvision | undefined;

/**
 * The dir holding `kube-apiserver` and `etcd`, or why there is none. Builds them (once, cached) under CI=true or
 * when {@link BUILD_APISERVER_ENV} is 1; otherwise answers from the cache (PULUMI_KUBE_APISERVER_CACHED_ONLY),
 * which is instant, so a local `npm test` does not start a long build. Synchronous on purpose: call it at
 * module load, before any emulator exists.
 */
export function provisionKubeApiserver(): CliProvision {
  if (provisioned) return provisioned;
  const build = process.env[BUILD_APISERVER_ENV] === "1" || process.env.CI === "true";
  const r = runEnsureScript(
    "ensure-kube-apiserver.sh",
    build ? process.env : { ...process.env, PULUMI_KUBE_APISERVER_CACHED_ONLY: "1" },
  );
  const binDir = r.binDir;
  if (r.status !== 0 || !binDir || !existsSync(join(binDir, "kube-apiserver")) || !existsSync(join(binDir, "etcd"))) {
    const why =
      r.status === 3 ? `not built, and neither CI=true nor ${BUILD_APISERVER_ENV}=1 is set` : `exit ${r.exit}`;
    provisioned = { ok: false, reason: `scripts/ensure-kube-apiserver.sh: ${why}.\n${r.tail(4)}` };
    return provisioned;
  }
  const version = /using .* \((\d+\.\d+\.\d+)\) and/.exec(r.stderr)?.[1] || "unknown";
  provisioned = { ok: true, binDir, version };
  return provisioned;
}

/** A running etcd + kube-apiserver pair. */
export interface ControlPlane {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  /** An admin client certificate (O=system:masters) from the client CA, for readiness checks. */
  admin: { certPem: string; keyPem: string };
  /** Both processes' output so far (for failure messages; holds no key material). */
  logs(): string;
  /** SIGTERM both, SIGKILL after 10 s, wait for their exit, remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  binDir: string;
  /** Signs the API server's serving certificate (SANs 127.0.0.1, localhost). */
  servingCa: CertificateAuthority;
  /** The API server's `--client-ca-file` (its key signs the admin certificate). */
  clientCa: CertificateAuthority;
  /** AlwaysAllow (default) or RBAC. */
  authorizationMode?: "AlwaysAllow" | "RBAC";
}

/** A free loopback port (closed again before use; the small race is acceptable for tests). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One GET over HTTPS or HTTP; resolves with the status (0 when the connection failed). */
function probe(
  url: string,
  tls?: { ca: string; cert: string; key: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const onResponse = (res: IncomingMessage): void => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode || 0, body }));
    };
    const req =
      u.protocol === "https:"
        ? httpsRequest(u, { method: "GET", timeout: 5000, ...(tls || {}) }, onResponse)
        : httpRequest(u, { method: "GET", timeout: 5000 }, onResponse);
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end();
  });
}

/** Starts etcd, then kube-apiserver, and waits (bounded) until `/readyz` answers 200. */
export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), "pck-kube-"));
  const children: ChildProcess[] = [];
  const out: string[] = [];
  const launch = (name: string, args: string[]): ChildProcess => {
    const child = spawn(join(opts.binDir, name), args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (d: Buffer): void => {
      out.push(`[${name}] ${d.toString()}`);
      if (out.length > 400) out.splice(0, out.length - 400);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (e) => out.push(`[${name}] spawn error: ${String(e)}`));
    children.push(child);
    return child;
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // The API server first (it holds etcd connections), then etcd.
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    const etcd = launch("etcd", [
      "--name=default",
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      "--unsafe-no-fsync=true", // envtest does the same: test data, faster on shared disks
    ]);
    await waitFor("etcd /health", 30_000, etcd, out, async () => (await probe(`${etcdUrl}/health`)).status === 200);

    const now = Date.now();
    const validity = { notBefore: new Date(now - 3600_000), notAfter: new Date(now + 7 * 24 * 3600_000) };
    const serving = await issueServerCertificate(opts.servingCa, {
      commonName: "kube-apiserver",
      dnsNames: ["localhost", "kubernetes", "kubernetes.default.svc"],
      ipAddresses: ["127.0.0.1"],
      ...validity,
    });
    const admin = await issueClientCertificate(opts.clientCa, {
      commonName: "pck-e2e-admin",
      organization: "system:masters",
      ...validity,
    });
    const sa = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const files = {
      servingCert: join(dir, "serving.crt"),
      servingKey: join(dir, "serving.key"),
      clientCa: join(dir, "client-ca.crt"),
      saKey: join(dir, "sa.key"),
      saPub: join(dir, "sa.pub"),
    };
    writeFileSync(files.servingCert, serving.certPem + opts.servingCa.certPem);
    writeFileSync(files.servingKey, serving.keyPem, { mode: 0o600 });
    writeFileSync(files.clientCa, opts.clientCa.certPem);
    writeFileSync(files.saKey, sa.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    writeFileSync(files.saPub, sa.publicKey.export({ type: "spki", format: "pem" }));
    const url = `https://127.0.0.1:${securePort}`;
    const apiserver = launch("kube-apiserver", [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${join(dir, "certs")}`,
      `--secure-port=${securePort}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      // A loopback advertise address is refused by the endpoint reconciler ("may not be in the loopback
      // range"); nothing here needs the `kubernetes` Service's endpoints.
      "--endpoint-reconciler-type=none",
      `--tls-cert-file=${files.servingCert}`,
      `--tls-private-key-file=${files.servingKey}`,
      `--client-ca-file=${files.clientCa}`,
      "--service-cluster-ip-range=10.0.0.0/24",
      "--allow-privileged=true",
      "--disable-admission-plugins=ServiceAccount",
      `--authorization-mode=${opts.authorizationMode || "AlwaysAllow"}`,
      `--service-account-issuer=${url}`,
      `--service-account-key-file=${files.saPub}`,
      `--service-account-signing-key-file=${files.saKey}`,
    ]);
    const tls = { ca: opts.servingCa.certPem, cert: admin.certPem, key: admin.keyPem };
    await waitFor(
      "kube-apiserver /readyz",
      120_000,
      apiserver,
      out,
      async () => (await probe(`${url}/readyz`, tls)).status === 200,
    );
    return { url, admin: { certPem: admin.certPem, keyPem: admin.keyPem }, logs: () => out.join(""), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Polls `ready` every 250 ms until it is true, the child exits, or `ms` pass (then throws with the logs). */
async function waitFor(
  what: string,
  ms: number,
  child: ChildProcess,
  out: string[],
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what}: process exited (${child.exitCode ?? child.signalCode}):\n${out.join("").slice(-4000)}`);
    }
    if (await ready()) return;
    await sleep(250);
  }
  throw new Error(`${what}: not ready after ${ms} ms:\n${out.join("").slice(-4000)}`);
}
