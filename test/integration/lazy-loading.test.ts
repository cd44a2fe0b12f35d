/**
 * What a fresh process loads (the built package, as the serialized `__provider` requires it): `check` of a
 * resource loads its inputs' rules and its own vendor's client, but no HTTP stack and no YAML library, and never
 * the other cloud's client; the first create loads what a call needs. Module lists, not times
 * (the times are in docs/performance.md).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ensureDistBuilt, REPO_ROOT } from "./../support/build-dist";

jest.setTimeout(60_000);

/** The modules loaded by a fresh node after `check` of `kind` with `inputs`, as repository-relative paths. */
function loadedAfterCheck(kind: string, inputs: Record<string, unknown>): string[] {
  const script = `
    const p = require(${JSON.stringify(join(REPO_ROOT, "dist", "provider"))});
    p.provider(${JSON.stringify(kind)}).check({}, ${JSON.stringify(inputs)}).then((r) => {
      if (r.failures.length) throw new Error(JSON.stringify(r.failures));
      console.log(JSON.stringify(Object.keys(require.cache)));
    });`;
  // Made-up credentials and regions: check resolves them, and nothing here calls a vendor.
  const env = {
    PATH: process.env.PATH,
    HW_ACCESS_KEY: "AKEXAMPLEEXAMPLE0001",
    HW_SECRET_KEY: "made-up-secret",
    HW_REGION_NAME: "cn-north-4",
    TENCENTCLOUD_SECRET_ID: "AKIDexampleexample0001",
    TENCENTCLOUD_SECRET_KEY: "made-up-secret",
    TENCENTCLOUD_REGION: "ap-guangzhou",
  };
  const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8", env });
  return (JSON.parse(out) as string[]).map((f) => f.slice(REPO_ROOT.length + 1));
}

const packages = (files: string[]) =>
  [...new Set(files.map((f) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean))].sort();

beforeAll(() => ensureDistBuilt());

it("a TKE check loads zod, and no HTTP stack, YAML library or Huawei client", () => {
  const files = loadedAfterCheck("TkeClusterKubeconfig", { clusterId: "cls-abcdefgh", endpoint: "extranet" });
  expect(packages(files)).toEqual(["zod"]);
  const ours = files.filter((f) => f.startsWith("dist/provider/"));
  expect(ours).toContain("dist/provider/resources/tke-cluster-kubeconfig.js");
  for (const never of ["http/transport.js", "http/dispatcher.js", "huaweicloud/client.js"]) {
    expect({ never, loaded: ours.includes(`dist/provider/${never}`) }).toEqual({ never, loaded: false });
  }
  expect(ours.filter((f) => /huaweicloud\/(client|signer|iam|vpcep)\.js$/.test(f))).toEqual([]);
});

it("a UCS check loads no Tencent code and no HTTP stack", () => {
  const files = loadedAfterCheck("UcsClusterKubeconfig", { clusterId: "6f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5" });
  expect(packages(files)).toEqual(["zod"]);
  const ours = files.filter((f) => f.startsWith("dist/provider/"));
  expect(ours.filter((f) => /tencentcloud\/(client|tc3-signer|tke)\.js$/.test(f))).toEqual([]);
  expect(ours).not.toContain("dist/provider/http/transport.js");
});
