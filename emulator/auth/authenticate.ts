/**
 * Request authentication for the emulated gateways. Huawei: `X-Auth-Token` or SDK-HMAC-SHA256
 * (15-minute skew, APIGW.* codes); Tencent: TC3-HMAC-SHA256 (5-minute skew, AuthFailure.* codes).
 */
import { ApiError } from "../api-error";
import { DemoCredentials } from "../credentials";
import { ServiceName } from "../env";
import { ReceivedRequest, parseHuaweiAuthorization, parseSdkDate, verifyHuaweiSignature } from "./huawei-verify";
import { parseTc3Authorization, tc3UtcDate, verifyTc3Signature } from "./tc3-verify";

const HUAWEI_SKEW_MS = 15 * 60 * 1000;
const TENCENT_SKEW_S = 5 * 60;

function header(req: ReceivedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function gateway(status: number, code: string, message: string): ApiError {
  return new ApiError(status, code, message);
}

/** Returns the principal (IAM user id) or throws an APIGW error. */
export function authenticateHuawei(
  req: ReceivedRequest,
  service: ServiceName,
  creds: DemoCredentials,
  now: Date,
): string {
  const hw = creds.huawei;
  const token = header(req, "x-auth-token");
  if (token !== undefined) {
    if (token !== hw.authToken)
      throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: token is invalid.");
    return hw.userId;
  }
  const authz = header(req, "authorization");
  if (!authz)
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: Authorization header is missing.");
  const auth = parseHuaweiAuthorization(authz);
  if (!auth)
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: malformed Authorization header.");
  let secretKey: string;
  if (auth.accessKey === hw.accessKey) secretKey = hw.secretKey;
  else if (auth.accessKey === hw.temporary.accessKey) {
    if (header(req, "x-security-token") !== hw.temporary.securityToken) {
      throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: security token is invalid.");
    }
    secretKey = hw.temporary.secretKey;
  } else {
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: AK not found.");
  }
  const sdkDate = parseSdkDate(header(req, "x-sdk-date") || "");
  if (!sdkDate || !auth.signedHeaders.includes("x-sdk-date")) {
    throw gateway(
      401,
      "APIGW.0301",
      "Incorrect IAM authentication information: X-Sdk-Date is missing, unsigned or malformed.",
    );
  }
  if (Math.abs(now.getTime() - sdkDate.getTime()) > HUAWEI_SKEW_MS) {
    throw gateway(401, "APIGW.0303", "Incorrect app authentication information: request time skew exceeds 15 minutes.");
  }
  if (!verifyHuaweiSignature(req, auth, secretKey)) {
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail.");
  }
  // Global services take the account domain, project-scoped ones the project (docs/vendor-apis.md §1 and §2).
  if (service === "ucs" && header(req, "x-domain-id") !== hw.domainId) {
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: X-Domain-Id is missing or unknown.");
  }
  if ((service === "cce" || service === "vpcep") && header(req, "x-project-id") !== hw.projectId) {
    throw gateway(401, "APIGW.0301", "Incorrect IAM authentication information: X-Project-Id is missing or unknown.");
  }
  return hw.userId;
}

function tc(code: string, message: string): ApiError {
  return new ApiError(200, code, message);
}

/** Returns the principal (account uin) or throws a Tencent AuthFailure error. */
export function authenticateTencent(req: ReceivedRequest, creds: DemoCredentials, now: Date): string {
  const t = creds.tencent;
  const authz = header(req, "authorization");
  const auth = authz ? parseTc3Authorization(authz) : undefined;
  if (!auth) throw tc("AuthFailure.InvalidAuthorization", "The Authorization header is missing or malformed.");
  let secretKey: string;
  if (auth.secretId === t.secretId) secretKey = t.secretKey;
  else if (auth.secretId === t.temporary.secretId) {
    if (header(req, "x-tc-token") !== t.temporary.token) throw tc("AuthFailure.TokenFailure", "The token is invalid.");
    secretKey = t.temporary.secretKey;
  } else {
    throw tc("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct.");
  }
  const ts = Number(header(req, "x-tc-timestamp"));
  if (!Number.isInteger(ts)) throw tc("AuthFailure.SignatureFailure", "X-TC-Timestamp is missing or invalid.");
  if (Math.abs(now.getTime() / 1000 - ts) > TENCENT_SKEW_S) {
    throw tc(
      "AuthFailure.SignatureExpire",
      "Signature expired. Timestamp and server time cannot differ by more than 5 minutes.",
    );
  }
  if (auth.service !== "tke" || auth.date !== tc3UtcDate(ts) || !verifyTc3Signature(req, auth, secretKey)) {
    throw tc(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated. Please ensure your signature is correct.",
    );
  }
  return t.uin;
}
