import { collectText, expectNoSecrets } from "../../support/secret-scan";

const SECRET = "FAKE-s3cr3t-value-abcdefghijklmnop";

describe("secret-scan helper", () => {
  it("passes clean text", () => {
    expect(() => expectNoSecrets("nothing to see here", { key: SECRET })).not.toThrow();
  });

  it.each([
    ["verbatim", `x ${SECRET} y`],
    ["a 12-character piece", `...${SECRET.slice(10, 22)}...`],
    ["base64", Buffer.from(`prefix:${SECRET}`).toString("base64")],
    ["base64url at another alignment", Buffer.from(`ab${SECRET}`).toString("base64url")],
  ])("catches the secret %s, naming the label but not the value", (_how, text) => {
    let message = "";
    try {
      expectNoSecrets(text, { "huawei secretKey": SECRET });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("huawei secretKey");
    expect(message).not.toContain(SECRET.slice(5, 17));
  });

  it("labels list entries by position", () => {
    expect(() => expectNoSecrets(`a ${SECRET}`, ["other-value-xxxxxxxxxxxx", SECRET])).toThrow("secret #2");
  });

  it("collectText walks messages, stacks, non-enumerable props, the cause chain and AggregateErrors", () => {
    const deep = new Error("inner");
    Object.defineProperty(deep, "config", { value: { headers: { "x-auth-token": SECRET } }, enumerable: false });
    const err = new Error("outer", { cause: new AggregateError([new Error("x", { cause: deep })], "agg") });
    const text = collectText(err);
    expect(text).toContain("outer");
    expect(text).toContain(SECRET);
    expect(() => expectNoSecrets(err, { token: SECRET })).toThrow("token");
  });

  it("collectText handles cycles, buffers, maps and plain values", () => {
    const o: Record<string, unknown> = { b: Buffer.from(SECRET), m: new Map([["k", 1]]) };
    o.self = o;
    expect(collectText(o)).toContain(SECRET);
    expect(collectText(42)).toBe("42");
  });
});
