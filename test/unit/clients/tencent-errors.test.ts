import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  ServerError,
  ThrottledError,
  VendorApiError,
} from "../../../provider/http/errors";
import type { RawResponse } from "../../../provider/http/types";
import { interpretTencentResponse } from "../../../provider/tencentcloud/errors";

const interpret = interpretTencentResponse("DescribeClusterKubeconfig");

function tcError(code: string, requestId = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"): RawResponse {
  const body = { Response: { Error: { Code: code, Message: `message for ${code}` }, RequestId: requestId } };
  return { status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)) };
}

function err(r: RawResponse): VendorApiError {
  const e = interpret(r);
  if (!e) throw new Error("expected an error");
  return e;
}

describe("interpretTencentResponse", () => {
  test("a 200 with Response and no Error is success", () => {
    const ok = { status: 200, headers: {}, body: Buffer.from('{"Response":{"Kubeconfig":"x","RequestId":"r"}}') };
    expect(interpret(ok)).toBeUndefined();
  });

  const cases: Array<[string, new (...a: never[]) => VendorApiError, boolean]> = [
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
