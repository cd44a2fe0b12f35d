/**
 * The import direction of docs/ARCHITECTURE.md, for every import form (import, export-from, require, dynamic
 * import): the pure layers never import Pulumi; sdk/ and provider/ never import the emulator; the emulator
 * imports nothing of provider/ but the signers and wire types; sdk/ reaches provider/ only through the shim's
 * runtime require of the installed package (never a relative import that the serializer would capture).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(__dirname, "..", "..");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...files(rel));
    else if (name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

/** Every module specifier a file names, with the repo-relative path it resolves to when relative. */
function specifiers(file: string): { spec: string; target?: string }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: { spec: string; target?: string }[] = [];
  const patterns = [
    /\bfrom\s+["']([^"']+)["']/g,
    /\bimport\s+["']([^"']+)["']/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const spec = m[1];
      const target = spec.startsWith(".") ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : undefined;
      out.push({ spec, target });
    }
  }
  return out;
}

const PURE = ["provider/http", "provider/huaweicloud", "provider/tencentcloud", "provider/kubeconfig"];

test.each(PURE)("%s never imports @pulumi/*", (dir) => {
  const bad = files(dir).flatMap((f) =>
    specifiers(f)
      .filter((s) => s.spec.startsWith("@pulumi/"))
      .map((s) => `${f}: ${s.spec}`),
  );
  expect(bad).toEqual([]);
});

test.each(["sdk", "provider"])("%s never imports the emulator", (dir) => {
  const bad = files(dir).flatMap((f) =>
    specifiers(f)
      .filter((s) => (s.target ?? "").startsWith("emulator") || s.spec.includes("/emulator"))
      .map((s) => `${f}: ${s.spec}`),
  );
  expect(bad).toEqual([]);
});

test("the emulator imports nothing of provider/ but the signers and wire types", () => {
  const allowed = [/^provider\/huaweicloud\/signer/, /^provider\/tencentcloud\/tc3-signer/, /^provider\/http\/types$/];
  const bad = files("emulator").flatMap((f) =>
    specifiers(f)
      .filter((s) => s.target?.startsWith("provider") && !allowed.some((re) => re.test(s.target!)))
      .map((s) => `${f}: ${s.spec}`),
  );
  expect(bad).toEqual([]);
});

test("sdk/ reaches the implementation only through the installed package, never by a relative import", () => {
  const bad = files("sdk").flatMap((f) =>
    specifiers(f)
      .filter((s) => s.target?.startsWith("provider"))
      .map((s) => `${f}: ${s.spec}`),
  );
  expect(bad).toEqual([]);
  const shim = readFileSync(join(ROOT, "sdk", "shim.ts"), "utf8");
  expect(shim).toContain('require("pulumi-cloud-kubeconfig/provider")');
});
