/**
 * How each vendor's answers become typed errors: Huawei's JSON error shapes and HTTP statuses, Tencent's
 * `Response.Error` codes under HTTP 200; retryability, request ids, and bodies never echoed.
 */
import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  ServerError,
  ThrottledError,
  VendorApiError,
} from "../../../provider/http/errors";
import type { RawResponse } from "../../../provider/http/types";
import { interpretHuaweiResponse, parseHuaweiErrorBody } from "../../../provider/huaweicloud/errors";
import { interpretTencentResponse } from "../../../provider/tencentcloud/errors";

type ErrorClass = new (...a: never[]) => VendorApiError;

function raw(status: number, body: string | object, headers: Record<string, string> = {}): RawResponse {
  return { status, headers, body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)) };
}

/** The error `interpret` makes of `r`; fails the test when it reads `r` as a success. */
function errorOf(interpret: (r: RawResponse) => VendorApiError | undefined, r: RawResponse): VendorApiError {
  const e = interpret(r);
  if (!e) throw new Error("expected an error");
  return e;
}

describe("interpretHuaweiResponse", () => {
  const interpret = interpretHuaweiResponse("CreateClusterKubeconfig", "ucs");

  const err = (r: RawResponse) => errorOf(interpret, r);
  /** Huawei's two JSON error shapes: snake_case (UCS, APIGW, IAM) and camelCase (CCE). */
  const snake = (code: string, msg: string) => ({ error_code: code, error_msg: msg });
  const camel = (code: string, msg: string) => ({ errorCode: code, errorMessage: msg });

  test("2xx with JSON is success (201 for UCS, 200 for CCE)", () => {
    expect(interpret(raw(201, { kind: "Config" }))).toBeUndefined();
    expect(interpretHuaweiResponse("CreateKubernetesClusterCert", "cce")(raw(200, { kind: "Config" }))).toBeUndefined();
    expect(interpret(raw(204, ""))).toBeUndefined();
  });

  const cases: Array<[string, number, object, ErrorClass, string | undefined]> = [
    ["UCS cluster not found", 404, snake("UCS.01030001", "Cluster Not Found."), NotFoundError, "UCS.01030001"],
    ["UCS fleet not found", 404, snake("UCS.01100005", "ClusterGroup Not Found."), NotFoundError, "UCS.01100005"],
    ["CCE camelCase not found", 404, camel("CCE.01404001", "Resource not found"), NotFoundError, "CCE.01404001"],
    ["not-found code under a 400", 400, snake("UCS.01030001", "x"), NotFoundError, "UCS.01030001"],
    ["APIGW throttling", 429, snake("APIGW.0308", "throttled"), ThrottledError, "APIGW.0308"],
    ["UCS throttling", 429, snake("UCS.01000002", "throttled"), ThrottledError, "UCS.01000002"],
    ["plain 429", 429, {}, ThrottledError, undefined],
    ["bad signature", 401, snake("APIGW.0301", "Incorrect IAM authentication information"), AuthError, "APIGW.0301"],
    ["clock skew", 401, snake("APIGW.0303", "request expired"), AuthError, "APIGW.0303"],
    ["403 CCE", 403, camel("CCE.01403001", "Authorization failed."), AuthError, "CCE.01403001"],
    ["400 invalid", 400, camel("CCE.01400001", "Invalid request."), InvalidRequestError, "CCE.01400001"],
    ["409 is invalid request", 409, { code: "X.1", message: "conflict" }, InvalidRequestError, "X.1"],
    ["500 IAM connection", 500, snake("UCS.00010001", "Failed to get iam connection."), ServerError, "UCS.00010001"],
    ["plain 503", 503, {}, ServerError, undefined],
    ["nested error object", 400, { error: { code: "IAM.0001", message: "nested" } }, InvalidRequestError, "IAM.0001"],
  ];
  test.each(cases)("%s", (_name, status, body, cls, code) => {
    const e = err(raw(status, body));
    expect(e).toBeInstanceOf(cls);
    expect(e.vendor).toBe("huaweicloud");
    expect(e.operation).toBe("CreateClusterKubeconfig");
    expect(e.status).toBe(status);
    expect(e.vendorCode).toBe(code);
    expect(e.message).toContain("CreateClusterKubeconfig");
    expect(e.message).toContain(`HTTP ${status}`);
    if (code) expect(e.message).toContain(code);
  });

  test("throttling and 5xx are retryable; auth, not-found and invalid are not", () => {
    expect(err(raw(429, {})).retryable).toBe(true);
    expect(err(raw(502, {})).retryable).toBe(true);
    expect(err(raw(401, {})).retryable).toBe(false);
    expect(err(raw(404, {})).retryable).toBe(false);
    expect(err(raw(400, {})).retryable).toBe(false);
  });

  test("request id from X-Request-Id, else from the body's request_id", () => {
    const h = err(raw(404, { error_code: "UCS.01030001", request_id: "body-id" }, { "x-request-id": "hdr-id" }));
    expect(h.requestId).toBe("hdr-id");
    expect(h.message).toContain("(request id hdr-id)");
    const b = err(raw(401, { error_code: "APIGW.0303", error_msg: "expired", request_id: "body-id" }));
    expect(b.requestId).toBe("body-id");
    const n = err(raw(400, { error: { code: "X", message: "m", request_id: "nested-id" } }));
    expect(n.requestId).toBe("nested-id");
  });

  test("free-text and HTML error bodies are classified by status and never echoed", () => {
    const body = "<html>secret-looking-proxy-page SHOULD-NOT-APPEAR</html>";
    const e = err(raw(502, body, { "x-request-id": "r1" }));
    expect(e).toBeInstanceOf(ServerError);
    expect(JSON.stringify(e.toJSON())).not.toContain("SHOULD-NOT-APPEAR");
    expect(e.message).toContain("non-JSON error body");
    const nf = err(raw(404, "Cluster Not Found SHOULD-NOT-APPEAR"));
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.message).not.toContain("SHOULD-NOT-APPEAR");
  });

  test("malformed JSON in a 2xx is a ServerError naming the operation, without the body", () => {
    const e = err(
      raw(201, '{"kind":"Config","users":[{"client-key-data":"SHOULD-NOT-APPEAR"', { "x-request-id": "r2" }),
    );
    expect(e).toBeInstanceOf(ServerError);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("CreateClusterKubeconfig");
    expect(e.message).toContain("not valid JSON");
    expect(e.requestId).toBe("r2");
    expect(JSON.stringify(e.toJSON())).not.toContain("SHOULD-NOT-APPEAR");
  });

  test("expectJson: false lets non-JSON 2xx bodies through", () => {
    expect(
      interpretHuaweiResponse("DownloadFederationKubeconfig", "ucs", { expectJson: false })(raw(201, "apiVersion: v1")),
    ).toBeUndefined();
  });

  test("a secret inside a vendor message is redacted", () => {
    const e = err(raw(400, { error_code: "X.1", error_msg: "bad header X-Auth-Token: fake-token-value" }));
    expect(e.message).not.toContain("fake-token-value");
  });

  test("parseHuaweiErrorBody: the three shapes and non-JSON", () => {
    expect(parseHuaweiErrorBody(Buffer.from('{"error_code":"A","error_msg":"a"}'))).toMatchObject({
      code: "A",
      message: "a",
    });
    expect(parseHuaweiErrorBody(Buffer.from('{"errorCode":"B","errorMessage":"b"}'))).toMatchObject({
      code: "B",
      message: "b",
    });
    expect(parseHuaweiErrorBody(Buffer.from('{"code":"C","message":"c"}'))).toMatchObject({ code: "C", message: "c" });
    expect(parseHuaweiErrorBody(Buffer.from("not json"))).toEqual({});
  });
});

describe("interpretTencentResponse", () => {
  const interpret = interpretTencentResponse("DescribeClusterKubeconfig");

  function tcError(code: string, requestId = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"): RawResponse {
    const body = { Response: { Error: { Code: code, Message: `message for ${code}` }, RequestId: requestId } };
    return { status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)) };
  }

  const err = (r: RawResponse) => errorOf(interpret, r);

  test("a 200 with Response and no Error is success", () => {
    const ok = { status: 200, headers: {}, body: Buffer.from('{"Response":{"Kubeconfig":"x","RequestId":"r"}}') };
    expect(interpret(ok)).toBeUndefined();
  });

  const cases: Array<[string, ErrorClass, boolean]> = [
    ["AuthFailure.SignatureFailure", AuthError, false],
    ["AuthFailure.SignatureExpire", AuthError, false],
    ["AuthFailure.SecretIdNotFound", AuthError, false],
    ["UnauthorizedOperation", AuthError, false],
    ["RequestLimitExceeded", ThrottledError, true],
    ["RequestLimitExceeded.UinLimitExceeded", ThrottledError, true],
    ["ResourceNotFound", NotFoundError, false],
    ["ResourceNotFound.ClusterNotFound", NotFoundError, false],
    ["InternalError.ClusterNotFound", NotFoundError, false],
    ["InvalidParameter.ClusterNotFound", NotFoundError, false],
    ["InvalidParameter", InvalidRequestError, false],
    ["InvalidParameter.Param", InvalidRequestError, false],
    ["InvalidParameterValue.InvalidClusterId", InvalidRequestError, false],
    ["MissingParameter", InvalidRequestError, false],
    ["UnknownParameter", InvalidRequestError, false],
    ["InternalError", ServerError, true],
    ["InternalError.Db", ServerError, true],
    ["ResourceUnavailable.ClusterState", ServerError, false],
    ["FailedOperation.KubeClientConnection", ServerError, false],
  ];
  test.each(cases)("%s", (code, cls, retryable) => {
    const e = err(tcError(code));
    expect(e).toBeInstanceOf(cls);
    expect(e.vendor).toBe("tencentcloud");
    expect(e.vendorCode).toBe(code);
    expect(e.vendorMessage).toBe(`message for ${code}`);
    expect(e.retryable).toBe(retryable);
    expect(e.requestId).toBe("ed93f3cb-f35e-473f-b9f3-0d451b8b79c6");
    expect(e.message).toContain("DescribeClusterKubeconfig");
    expect(e.message).toContain(code);
    expect(e.message).toContain("(request id ed93f3cb-f35e-473f-b9f3-0d451b8b79c6)");
  });

  test("HTTP != 200 is an error even with a Response body; status decides without one", () => {
    const withBody = { ...tcError("AuthFailure.SignatureFailure"), status: 401 };
    expect(err(withBody)).toBeInstanceOf(AuthError);
    const gateway = { status: 502, headers: {}, body: Buffer.from("<html>Bad Gateway SHOULD-NOT-APPEAR</html>") };
    const e = err(gateway);
    expect(e).toBeInstanceOf(ServerError);
    expect(e.retryable).toBe(true);
    expect(e.message).not.toContain("SHOULD-NOT-APPEAR");
    expect(err({ status: 429, headers: {}, body: Buffer.alloc(0) })).toBeInstanceOf(ThrottledError);
    expect(err({ status: 404, headers: {}, body: Buffer.alloc(0) })).toBeInstanceOf(NotFoundError);
  });

  test("malformed JSON or a missing Response in a 200 names the operation and does not echo the body", () => {
    for (const text of [
      '{"Response":{"Kubeconfig":"SHOULD-NOT-APPEAR"',
      '{"Kubeconfig":"SHOULD-NOT-APPEAR"}',
      "SHOULD-NOT-APPEAR",
    ]) {
      const e = err({ status: 200, headers: {}, body: Buffer.from(text) });
      expect(e).toBeInstanceOf(ServerError);
      expect(e.message).toContain("DescribeClusterKubeconfig");
      expect(JSON.stringify(e.toJSON())).not.toContain("SHOULD-NOT-APPEAR");
    }
  });
});
