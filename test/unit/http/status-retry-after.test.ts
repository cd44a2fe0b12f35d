import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  ServerError,
  ThrottledError,
  backoffDelay,
  errorFromStatus,
  parseRetryAfter,
} from "../../../provider/http";

describe("errorFromStatus", () => {
  it.each([
    [404, NotFoundError, false],
    [429, ThrottledError, true],
    [401, AuthError, false],
    [403, AuthError, false],
    [400, InvalidRequestError, false],
    [409, InvalidRequestError, false],
    [422, InvalidRequestError, false],
    [500, ServerError, true],
    [502, ServerError, true],
    [503, ServerError, true],
    [504, ServerError, true],
    [501, ServerError, false],
  ])("HTTP %i → %p (retryable %p)", (status, cls, retryable) => {
    const e = errorFromStatus({
      vendor: "huaweicloud",
      operation: "ShowCluster",
      status,
      vendorCode: "CCE.01404001",
      requestId: "r1",
    });
    expect(e).toBeInstanceOf(cls);
    expect(e.retryable).toBe(retryable);
    expect(e.message).toBe(`huaweicloud ShowCluster failed: HTTP ${status}, CCE.01404001 (request id r1)`);
  });

  it("lets the vendor client override retryable", () => {
    expect(errorFromStatus({ vendor: "tencentcloud", operation: "X", status: 500, retryable: false }).retryable).toBe(
      false,
    );
  });

  it("withAttempts records the count in the field and the message", () => {
    const e = errorFromStatus({ vendor: "tencentcloud", operation: "X", status: 503 }).withAttempts(4);
    expect(e.attempts).toBe(4);
    expect(e.message).toBe("tencentcloud X failed: HTTP 503 after 4 attempts");
    expect(e.stack).toContain("after 4 attempts");
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);
  it("reads delta-seconds", () => {
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(" 120 ", now)).toBe(120_000);
  });
  it("reads an HTTP date relative to now, never negative", () => {
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0);
  });
  it("ignores absent or malformed values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("1.5", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("is random() times the capped exponential", () => {
    const opts = { baseDelayMs: 200, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((i) => backoffDelay(i, opts, () => 1))).toEqual([200, 400, 800, 1000, 1000]);
    expect(backoffDelay(2, opts, () => 0)).toBe(0);
    expect(backoffDelay(1, opts, () => 0.5)).toBe(200);
  });
});
