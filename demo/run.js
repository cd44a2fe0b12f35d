#!/usr/bin/env node
/*
 * `npm run demo [-- --keep] [-- --kubernetes]`: the demo program (demo/index.js, named by the root Pulumi.yaml)
 * against the local vendor emulator, with the real `pulumi` CLI, offline. Builds dist if stale, starts the emulator on a free loopback port, provisions
 * the CLI (scripts/ensure-pulumi.sh), runs `pulumi up` with a file backend in a temp dir, prints what each
 * resource produced (never a secret), checks every kubeconfig with kubectl against its emulated cluster, then
 * destroys the stack, stops the emulator and removes the temp dir. `--keep` leaves it all running and prints
 * how to explore it. See docs/engine-tier.md.
 */
"use strict";
const { spawn, spawnSync, execFile } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { createProgramDir, distIsStale } = require("./program-dir");

const root = path.resolve(__dirname, "..");
const keep = process.argv.includes("--keep");
// `--kubernetes` builds the kubernetes provider plugin if it is not cached (one ~28 minute build); without it
// the chain is on only when a cached plugin exists.
const buildKubernetes = process.argv.includes("--kubernetes");
const PASSPHRASE = "demo-fake-passphrase";
const NAMES = ["ucs", "cce", "fleet", "fleetKubeconfig", "tke"];
const say = (s = "") => process.stdout.write(`${s}\n`);

/** Runs a command to completion, asynchronously; rejects with its output on a non-zero exit. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      if (opts.echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (opts.echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const shown = opts.secretOutput ? "(output withheld)" : `${stdout}\n${stderr}`.trim();
        reject(new Error(`${path.basename(cmd)} ${opts.label || args.join(" ")} exited ${code}\n${shown}`));
      }
    });
  });
}

/** Starts emulator/cli.ts through ts-node and reads its one JSON line. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [root] });
    const child = spawn(process.execPath, [tsNode, "--transpile-only", "emulator/cli.ts", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
      detached: keep, // with --keep it outlives this script
    });
    let buf = "";
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`emulator exited (${code}) before it was ready`)));
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      child.removeAllListeners("exit");
      child.stdout.removeAllListeners("data");
      child.stdout.on("data", () => undefined); // keep draining; it prints nothing more
      try {
        resolve({ child, info: JSON.parse(buf.slice(0, nl)) });
      } catch (e) {
        reject(e);
      }
    });
  });
}

function stopEmulator(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/** Stack config pointing every resource at the emulator (the same keys as test/support/engine-stack.ts). */
function stackConfig(info) {
  const hw = info.credentials.huawei;
  const tc = info.credentials.tencent;
  const plain = {
    "huaweicloud:region": hw.region,
    "huaweicloud:domainId": hw.domainId,
    "huaweicloud:projectId": hw.projectId,
    "huaweicloud:endpoints": JSON.stringify({
      ucs: info.endpoints.ucs,
      cce: info.endpoints.cce,
      iam: info.endpoints.iam,
      vpcep: info.endpoints.vpcep,
    }),
    "tencentcloud:region": tc.region,
    "tencentcloud:endpoint": info.endpoints.tke,
    "cloudkubeconfig:caBundle": info.caPath,
    "demo:tkeSecretId": tc.temporary.secretId,
  };
  const secret = {
    "huaweicloud:accessKey": hw.accessKey,
    "huaweicloud:secretKey": hw.secretKey,
    "tencentcloud:secretId": tc.secretId,
    "tencentcloud:secretKey": tc.secretKey,
    "demo:tkeSecretKey": tc.temporary.secretKey,
    "demo:tkeSecurityToken": tc.temporary.token,
  };
  const args = ["config", "set-all", "--non-interactive"];
  for (const [k, v] of Object.entries(plain)) args.push("--plaintext", `${k}=${v}`);
  for (const [k, v] of Object.entries(secret)) args.push("--secret", `${k}=${v}`);
  return args;
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const day = (iso) => (iso ? iso.slice(0, 10) : "off");

/** The @pulumi/kubernetes version the plugin is installed as (what the installed SDK asks the engine for). */
const K8S_SDK_VERSION = require(path.join(root, "node_modules", "@pulumi", "kubernetes", "package.json")).version;

/** The bin dir of the kubernetes provider plugin: cached, or built when `--kubernetes` asks; else undefined. */
function kubernetesPlugin() {
  const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-cloud-kubeconfig");
  const cached =
    fs.existsSync(cache) &&
    fs
      .readdirSync(cache)
      .some(
        (d) => d.startsWith("kubernetes-") && fs.existsSync(path.join(cache, d, "bin", "pulumi-resource-kubernetes")),
      );
  if (!cached && !buildKubernetes) return undefined;
  const r = spawnSync("bash", [path.join(root, "scripts", "ensure-k8s-provider.sh")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = (r.stdout || "").trim().split("\n").pop();
  return r.status === 0 && dir && fs.existsSync(path.join(dir, "pulumi-resource-kubernetes")) ? dir : undefined;
}

async function main() {
  if (distIsStale(root)) {
    say("• dist/ is stale: npm run build");
    const b = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) throw new Error("npm run build failed");
  }

  const ensured = spawnSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const binDir = (ensured.stdout || "").trim().split("\n").pop();
  if (ensured.status !== 0 || !binDir || !fs.existsSync(path.join(binDir, "pulumi"))) {
    say("No Pulumi CLI could be found or built (scripts/ensure-pulumi.sh failed; its messages are above).");
    say("To get one: put `pulumi` with `pulumi-language-nodejs` next to it on PATH, or install Go 1.26+ and run");
    say("`bash scripts/ensure-pulumi.sh` (one ~15 minute build, cached under ~/.cache/pulumi-cloud-kubeconfig).");
    say("See docs/pulumi-cli.md.");
    process.exitCode = 1;
    return;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pck-demo-"));
  const { child: emuProc, info } = await startEmulator();
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned || keep) return;
    cleaned = true;
    await stopEmulator(emuProc);
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    say(`• emulator on ${info.url} (FAKE credentials, seeded clusters; emulator/README.md)`);
    const dir = createProgramDir(root, work);
    fs.mkdirSync(path.join(work, "state", "backend"), { recursive: true });
    const env = {
      ...process.env,
      PATH: `${binDir}${path.delimiter}${process.env.PATH || ""}`,
      PULUMI_HOME: path.join(work, "state", "home"),
      PULUMI_BACKEND_URL: `file://${path.join(work, "state", "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    };
    const pulumi = (args, opts = {}) => run(path.join(binDir, "pulumi"), args, { cwd: dir, env, ...opts });
    const version = (await pulumi(["version"])).stdout.trim();
    say(`• pulumi ${version} from ${binDir}; program ${dir}`);
    await pulumi(["stack", "init", "demo", "--non-interactive"]);
    await pulumi(stackConfig(info), { label: "config set-all (values not shown)", secretOutput: true });
    const k8sBin = kubernetesPlugin();
    if (k8sBin) {
      await pulumi([
        "plugin",
        "install",
        "resource",
        "kubernetes",
        K8S_SDK_VERSION,
        "--file",
        path.join(k8sBin, "pulumi-resource-kubernetes"),
      ]);
      await pulumi(["config", "set", "demo:kubernetes", "true"]);
      say(`• @pulumi/kubernetes Provider chained to the kubeconfig (plugin from ${k8sBin})`);
    } else {
      say("• the @pulumi/kubernetes Provider chain is OFF: no kubernetes provider plugin is cached. `npm run demo --");
      say("  --kubernetes` builds one (scripts/ensure-k8s-provider.sh, ~28 minutes once) and turns it on.");
    }
    say("• pulumi up --yes\n");
    await pulumi(["up", "--yes", "--skip-preview", "--non-interactive"], { echo: true });

    const outs = JSON.parse(
      (await pulumi(["stack", "output", "--show-secrets", "--json"], { secretOutput: true })).stdout,
    );
    const rows = [["resource", "endpoint", "server", "context", "issued", "expires", "renews"]];
    for (const n of NAMES) {
      const o = outs[n];
      rows.push([n, o.endpoint, o.server, o.contextName, day(o.issuedAt), day(o.expiresAt), day(o.renewAt)]);
    }
    say(`\n${table(rows)}\n`);

    const kubeDir = path.join(work, "kubeconfigs");
    fs.mkdirSync(kubeDir, { mode: 0o700 });
    let failed = 0;
    for (const n of NAMES) {
      const file = path.join(kubeDir, `${n}.yaml`);
      fs.writeFileSync(file, outs[n].kubeconfig, { mode: 0o600 });
      try {
        const { stdout } = await new Promise((resolve, reject) =>
          execFile(
            "kubectl",
            ["--kubeconfig", file, "get", "--raw", "/version", "--request-timeout=10s"],
            (e, so, se) => (e ? reject(new Error(se || e.message)) : resolve({ stdout: so })),
          ),
        );
        say(`✔ kubectl get --raw /version with the ${n} kubeconfig → ${JSON.parse(stdout).gitVersion}`);
      } catch (e) {
        failed += 1;
        say(`✖ kubectl with the ${n} kubeconfig failed: ${String(e.message).split("\n")[0]}`);
      }
    }
    if (failed > 0) process.exitCode = 1;

    if (keep) {
      emuProc.unref();
      say("\n--keep: the stack and the emulator are still up. To explore:");
      say(`  export PATH="${binDir}:$PATH"`);
      say(`  export PULUMI_HOME="${env.PULUMI_HOME}" PULUMI_BACKEND_URL="${env.PULUMI_BACKEND_URL}"`);
      say(`  export PULUMI_CONFIG_PASSPHRASE="${PASSPHRASE}" PULUMI_SKIP_UPDATE_CHECK=true`);
      say(`  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_DIY_BACKEND_NO_LEGACY_WARNING=true`);
      say(`  cd "${dir}" && pulumi stack output && pulumi preview`);
      say(`  kubectl --kubeconfig "${kubeDir}/ucs.yaml" get --raw /version`);
      say(`Tear down: (cd "${dir}" && pulumi destroy --yes) ; kill ${emuProc.pid} ; rm -rf "${work}"`);
      return;
    }
    say("\n• pulumi destroy --yes");
    const d = await pulumi(["destroy", "--yes", "--skip-preview", "--non-interactive"]);
    const summary = /Resources:[\s\S]*?deleted/.exec(d.stdout);
    say(summary ? `  ${summary[0].replace(/\s+/g, " ")}` : "  destroyed");
    await pulumi(["stack", "rm", "--yes", "--non-interactive"]);
  } finally {
    await cleanup();
  }
  say(`• emulator stopped, ${work} removed: nothing left behind`);
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e && e.message ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
