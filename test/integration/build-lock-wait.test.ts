/**
 * The toolchain scripts (scripts/ensure-*.sh) wait on a lock while another process builds the same tool, which
 * can take half an hour. They say so on stderr when the wait starts and every PULUMI_BUILD_WAIT_NOTICE seconds
 * (default 30) while it lasts. Each script runs here against an empty cache whose lock another process holds,
 * with a `go` that refuses to build, and is stopped while it waits: nothing is built.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../support/build-dist";

jest.setTimeout(60_000);

const hasFlock = spawnSync("bash", ["-c", "command -v flock"]).status === 0;

/** The version a script reads from its go.mod (first `<module> v<version>` line), as its lock file name has it. */
function goModVersion(goMod: string, module: string): string {
  const text = readFileSync(join(REPO_ROOT, goMod), "utf8");
  const m = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[.]/g, "\\.")}\\s+v(\\S+)`, "m").exec(text);
  if (!m) throw new Error(`no ${module} requirement in ${goMod}`);
  return m[1];
}

const SCRIPTS = [
  {
    script: "ensure-pulumi.sh",
    lock: () => `pulumi-${goModVersion("tools/pulumi/go.mod", "github.com/pulumi/pulumi/pkg/v3")}.lock`,
  },
  {
    script: "ensure-k8s-provider.sh",
    lock: () =>
      `kubernetes-${goModVersion("tools/k8s/provider/go.mod", "github.com/pulumi/pulumi-kubernetes/provider/v4")}.lock`,
  },
  {
    script: "ensure-kube-apiserver.sh",
    lock: () => `kube-${goModVersion("tools/k8s/apiserver/go.mod", "k8s.io/kubernetes")}.lock`,
  },
];

/** Kills a detached child's whole process group (the script and its `flock`). */
function killGroup(child: ChildProcess | undefined): void {
  if (child?.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** Resolves with the text once `done(text)` holds; rejects when the process exits or the time is up. */
function waitForOutput(child: ChildProcess, stream: "stdout" | "stderr", done: (text: string) => boolean, ms: number) {
  return new Promise<string>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`no expected output within ${ms} ms:\n${text}`)), ms);
    child[stream]!.on("data", (d: Buffer) => {
      text += d.toString();
      if (done(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before the expected output:\n${text}`));
    });
  });
}

const describeWithFlock = hasFlock ? describe : describe.skip;

describeWithFlock("toolchain scripts waiting for another build's lock", () => {
  let cache: string;
  let fakeBin: string;
  const started: ChildProcess[] = [];

  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), "pck-lock-wait-"));
    fakeBin = mkdtempSync(join(tmpdir(), "pck-fake-go-"));
    // Present (the scripts check for Go before taking the lock) but never builds anything.
    writeFileSync(join(fakeBin, "go"), '#!/bin/sh\necho "fake go: this test builds nothing" >&2\nexit 1\n', {
      mode: 0o755,
    });
  });
  afterEach(() => {
    for (const child of started.splice(0)) killGroup(child);
    rmSync(cache, { recursive: true, force: true });
    rmSync(fakeBin, { recursive: true, force: true });
  });

  it.each(SCRIPTS)(
    "$script says it waits, then again every PULUMI_BUILD_WAIT_NOTICE seconds",
    async ({ script, lock }) => {
      const lockFile = join(cache, "pulumi-cloud-kubeconfig", lock());
      const env = {
        HOME: process.env.HOME || tmpdir(),
        PATH: [fakeBin, dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
        XDG_CACHE_HOME: cache,
        PULUMI_FORCE_BUILD: "1",
        PULUMI_BUILD_WAIT_NOTICE: "1",
      };
      // Another "build" holding the lock.
      const holder = spawn(
        "bash",
        ["-c", 'mkdir -p "$(dirname "$0")" && exec flock "$0" -c "echo locked; sleep 60"', lockFile],
        {
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      started.push(holder);
      await waitForOutput(holder, "stdout", (t) => t.includes("locked"), 20_000);

      const child = spawn("bash", [join(REPO_ROOT, "scripts", script)], {
        cwd: REPO_ROOT,
        env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      started.push(child);
      const stillWaiting = (t: string) => (t.match(/still waiting/g) || []).length;
      const stderr = await waitForOutput(child, "stderr", (t) => stillWaiting(t) >= 2, 30_000);

      const lines = stderr.trim().split("\n");
      const name = script.replace(/\.sh$/, "");
      const first = lines.findIndex((l) => l.includes("waiting for another process building"));
      expect(first).toBeGreaterThanOrEqual(0);
      expect(lines[first]).toContain(`${name}: `);
      expect(lines[first]).toContain(lockFile);
      expect(
        lines.slice(first + 1).filter((l) => /^\S+: still waiting for the build of .* \(\d+s so far\)$/.test(l)),
      ).toHaveLength(stillWaiting(stderr));
      // Still waiting: it has neither built nor given up.
      expect(child.exitCode).toBeNull();
      expect(stderr).not.toContain("fake go");
    },
  );
});
