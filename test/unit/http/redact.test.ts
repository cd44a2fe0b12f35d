import { clearSecretValues, redact, registerSecretValues } from "../../../provider/http";
import { expectNoSecrets } from "../../support/secret-scan";
import { resolveHuaweiCredentials } from "../../../provider/huaweicloud/credentials";
import { resolveTencentCredentials } from "../../../provider/tencentcloud/credentials";

// Obviously fake; the token has the characters that URL, JSON and base64 encodings change.
const TOKEN = 'FAKEst/zyxw+vuts=rqpo"nmlk\\jihgFEDCBA';
const SK = "FAKEsk0123456789abcdefghijKLMNOP";
const AK = "FAKEAKIDEXAMPLE0000";

beforeEach(() => clearSecretValues());

/** The token in any of the forms below: verbatim, URL-encoded (either hex case), JSON-escaped, or base64. */
function visible(text: string, value: string = TOKEN): boolean {
  const url = encodeURIComponent(value);
  const json = JSON.stringify(value).slice(1, -1);
  const cores = [value, url, url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), json, json.replace(/\//g, "\\/")];
  if (cores.some((c) => text.includes(c))) return true;
  try {
    expectNoSecrets(text, { value });
    return false;
  } catch {
    return true;
  }
}

describe("exact-value redaction of registered secrets", () => {
  const forms: Array<[string, (v: string) => string]> = [
    ["as is, after a space", (v) => `invalid security token ${v}`],
    ["single-quoted", (v) => `invalid security token '${v}'`],
    ["URL-encoded", (v) => `bad query ${encodeURIComponent(v)}&x=1`],
    [
      "URL-encoded, lower-case hex",
      (v) => `bad ${encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
    ],
    ["JSON-escaped", (v) => `{"msg":${JSON.stringify(`token ${v} rejected`)}}`],
    ["JSON-escaped with escaped slashes", (v) => JSON.stringify(v).replace(/\//g, "\\/")],
    ["base64", (v) => `blob ${Buffer.from(v).toString("base64")} end`],
    ["base64url", (v) => `blob ${Buffer.from(v).toString("base64url")} end`],
    ["base64 at another alignment", (v) => Buffer.from(`x:${v}`).toString("base64")],
    ["base64 at the third alignment", (v) => Buffer.from(`id:${v}`).toString("base64")],
  ];

  it.each(forms)("the token is visible %s before registration (control)", (_how, form) => {
    expect(visible(redact(form(TOKEN)))).toBe(true);
  });

  it.each(forms)("hides a registered token %s", (_how, form) => {
    registerSecretValues({ securityToken: TOKEN });
    const out = redact(form(TOKEN));
    expect(visible(out)).toBe(false);
    expect(out).toContain("[REDACTED");
  });

  it("leaves the text around a value alone", () => {
    registerSecretValues({ securityToken: TOKEN });
    expect(redact(`invalid security token ${TOKEN} (request id abc)`)).toBe(
      "invalid security token [REDACTED] (request id abc)",
    );
  });

  it("ignores empty, short and non-string values", () => {
    registerSecretValues({ a: "", b: "short", c: undefined, d: 12345678 } as Record<string, unknown>);
    expect(redact("a short message, 12345678")).toBe("a short message, 12345678");
  });

  it("forgets values on clearSecretValues()", () => {
    registerSecretValues([SK]);
    clearSecretValues();
    expect(redact(`x ${SK}`)).toContain(SK);
  });
});

describe("credential resolution registers what it resolves", () => {
  it("Huawei AK/SK and security token from the environment", () => {
    resolveHuaweiCredentials({ env: { HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: TOKEN } });
    const out = redact(`invalid security token ${TOKEN}; key '${SK}'; ak ${AK}`);
    expect(visible(out)).toBe(false);
    expectNoSecrets(out, { SK, AK });
  });

  it("a Huawei IAM token from stack config", () => {
    resolveHuaweiCredentials({ config: { "huaweicloud:authToken": TOKEN } });
    expect(visible(redact(`bad X-Auth-Token ${encodeURIComponent(TOKEN)}`))).toBe(false);
  });

  it("Tencent SecretId/SecretKey and token given explicitly", () => {
    resolveTencentCredentials({ explicit: { secretId: AK, secretKey: SK, securityToken: TOKEN } });
    const out = redact(`The key '${SK}' or token ${TOKEN} is invalid (id ${AK})`);
    expect(visible(out)).toBe(false);
    expectNoSecrets(out, { SK, AK });
  });
});

describe("pattern redaction", () => {
  // The text tke-cluster-kubeconfig.ts (HOW_TO_ENABLE) puts in the error when the endpoint is not enabled.
  const TKE_NOT_ENABLED =
    "TKE cluster cls-abc12345: the extranet API server endpoint is not enabled (status Deleted): enable public " +
    "access in the TKE console (cluster > Basic information > Cluster APIServer information) or call " +
    "CreateClusterEndpoint with IsExtranet=true and a SecurityGroup";
  const TKE_INTRANET =
    "enable private access in the TKE console (cluster > Basic information > Cluster APIServer information) or call " +
    "CreateClusterEndpoint with IsExtranet=false and a SubnetId";

  it.each([TKE_NOT_ENABLED, TKE_INTRANET])("keeps the TKE how-to-enable text intact: %s", (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each(["Basic settings", "Bearer token required", "see Basic Information"])("keeps prose: %s", (text) => {
    expect(redact(text)).toBe(text);
  });

  const basic = Buffer.from("admin:FAKE-pass-word-1234").toString("base64");
  it.each([
    ["a header line", `Authorization: Basic ${basic}`],
    ["a JSON header", `{"authorization":"Basic ${basic}"}`],
    ["a lower-case header", `authorization: basic ${basic}`],
    ["free text", `sent Basic ${basic} to the proxy`],
    ["a Proxy-Authorization header", `Proxy-Authorization: Basic ${basic}`],
    ["a bearer token", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.FAKEsig"],
    ["a bearer token in text", "used Bearer FAKEtok3n-0123456789abcdef"],
  ])("still redacts Basic/Bearer credentials in %s", (_how, text) => {
    const out = redact(text);
    expect(out).not.toContain(basic);
    expect(out).not.toContain("FAKEsig");
    expect(out).not.toContain("FAKEtok3n");
    expect(out).toContain("[REDACTED]");
  });

  it("redacts a Basic credential that happens to be a plain word when it decodes to user:password", () => {
    const wordy = "azkyczpjdkhh"; // all lower-case letters, yet base64 of "k92s:cvHa"
    expect(Buffer.from(wordy, "base64").toString("latin1")).toBe("k92s:cvHa");
    expect(redact(`Basic ${wordy}`)).toBe("Basic [REDACTED]");
  });
});
