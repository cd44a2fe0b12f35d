/**
 * Vendor errors as the resources see them: a not-found answer names the id that was asked for, and an
 * authentication failure names where the credentials came from (setting names, never values), as the README's
 * troubleshooting table promises.
 */
import { AuthError, NotFoundError } from "../../../provider/http/errors";
import { clearSecretValues } from "../../../provider/http/secret-values";
import { huaweiSubject } from "../../../provider/huaweicloud/errors";
import { clearIamCache } from "../../../provider/huaweicloud/iam";
import { huaweiApis } from "../../../provider/resources/huawei-apis";
import { tencentApis } from "../../../provider/resources/tencent-apis";
import { contextWith } from "../../../provider/resources/context";
import { resetStackConfig } from "../../support/provider-stack-config";
import { expectNoSecrets } from "../../support/secret-scan";
import { rejectionOf } from "../../support/failures";
import { FakeTransport } from "./fake-transport";

const NOW = new Date("2026-03-01T12:34:56Z");
const HW_SECRET = "fake-context-huawei-secret-0123456789";
const TC_SECRET = "fake-context-tencent-secret-0123456789";
const clusterId = "0c1d2e3f-4a5b-11ef-9c6d-0255ac100b02";
const fleetId = "7f6e5d4c-3b2a-4190-8e7d-6c5b4a392817";
const projectId = "0123456789abcdef0123456789abcdef";
const domainId = "fedcba9876543210fedcba9876543210";

const ENV = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_REGION"];
const saved: Record<string, string | undefined> = {};
beforeEach(() => {
  clearIamCache();
  clearSecretValues();
  for (const k of ENV) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  resetStackConfig({
    "huaweicloud:accessKey": "FAKECONTEXTACCESSKEY",
    "huaweicloud:secretKey": HW_SECRET,
    "huaweicloud:region": "cn-north-4",
    "huaweicloud:domainId": domainId,
    "huaweicloud:projectId": projectId,
  });
});
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetStackConfig();
});

type Answer = ConstructorParameters<typeof FakeTransport>[0][number];
/** The vendor clients of `inputs`, in a context whose transport gives the one `answer`. */
const huaweiAnswering = (answer: Answer, inputs = {}) =>
  huaweiApis(inputs, contextWith({ now: () => NOW, transport: new FakeTransport([answer]) }));
const tencentAnswering = (answer: Answer) =>
  tencentApis({}, contextWith({ now: () => NOW, transport: new FakeTransport([answer]) }));

describe("Huawei not-found answers name the id asked for", () => {
  test("UCS.01030001 on CreateClusterKubeconfig names the cluster", async () => {
    const answer = { status: 404, body: { error_code: "UCS.01030001", error_msg: "Cluster Not Found." } };
    const err = await rejectionOf(huaweiAnswering(answer).ucs.createClusterKubeconfig(clusterId));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.vendorCode).toBe("UCS.01030001");
    expect(err.message).toContain("UCS.01030001");
    expect(err.message).toContain(`UCS cluster ${clusterId}`);
  });

  test("UCS.01100005 on a fleet call names the fleet", async () => {
    const answer = { status: 404, body: { error_code: "UCS.01100005", error_msg: "ClusterGroup Not Found." } };
    const err = await rejectionOf(
      huaweiAnswering(answer).ucs.downloadFederationKubeconfig(fleetId, {
        duration: 1,
      }),
    );
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain(`fleet (cluster group) ${fleetId}`);
  });

  test("CCE.01404001 names the cluster and its project", async () => {
    const answer = { status: 404, body: { errorCode: "CCE.01404001", errorMessage: "not found" } };
    const err = await rejectionOf(huaweiAnswering(answer).cce.showCluster(projectId, clusterId));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain(`CCE cluster ${clusterId} in project ${projectId}`);
  });

  test("a TKE not-found answer names the cluster", async () => {
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDFAKECONTEXT0000";
    process.env.TENCENTCLOUD_SECRET_KEY = TC_SECRET;
    process.env.TENCENTCLOUD_REGION = "ap-guangzhou";
    const body = {
      Response: { Error: { Code: "ResourceNotFound.ClusterNotFound", Message: "not found" }, RequestId: "r" },
    };
    const answer = { status: 200, body };
    const err = await rejectionOf(tencentAnswering(answer).tke.describeClusterKubeconfig("cls-abcd1234", true));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("asked for TKE cluster cls-abcd1234");
  });

  test("the subject is read from the API path, also behind an emulator's path prefix", () => {
    expect(huaweiSubject("ucs", `/v1/clusters/${clusterId}/kubeconfig`)).toBe(`UCS cluster ${clusterId}`);
    expect(huaweiSubject("ucs", `/prefix/v1/clustergroups/${fleetId}/cert`)).toBe(`fleet (cluster group) ${fleetId}`);
    expect(huaweiSubject("cce", `/api/v3/projects/${projectId}/clusters/${clusterId}/clustercert`)).toBe(
      `CCE cluster ${clusterId} in project ${projectId}`,
    );
    expect(huaweiSubject("vpcep", `/v1/${projectId}/vpc-endpoints/${clusterId}`)).toBe(`VPC endpoint ${clusterId}`);
    expect(huaweiSubject("iam", "/v3/auth/domains")).toBeUndefined();
  });
});

describe("authentication failures say where the credentials came from", () => {
  test("APIGW.0301 names the stack config keys of the AK/SK pair, never the values", async () => {
    const answer = {
      status: 401,
      body: { error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information" },
    };
    const err = await rejectionOf(huaweiAnswering(answer).ucs.createClusterKubeconfig(clusterId));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.vendorCode).toBe("APIGW.0301");
    expect(err.message).toContain("credentials from stack config (huaweicloud:accessKey, huaweicloud:secretKey)");
    expectNoSecrets(err, { HW_SECRET, ak: "FAKECONTEXTACCESSKEY" });
  });

  test("credentials given on the resource are named as its input", async () => {
    const answer = { status: 403, body: { errorCode: "CCE.01403001", errorMessage: "Forbidden" } };
    const inputs = { credentials: { accessKey: "FAKEINPUTACCESSKEY00", secretKey: HW_SECRET + "-input" } };
    const err = await rejectionOf(huaweiAnswering(answer, inputs).cce.showCluster(projectId, clusterId));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("credentials from input (credentials.accessKey, credentials.secretKey)");
    expectNoSecrets(err, { secret: HW_SECRET + "-input", ak: "FAKEINPUTACCESSKEY00" });
  });

  test("Tencent AuthFailure.* names the environment variables", async () => {
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDFAKECONTEXT0000";
    process.env.TENCENTCLOUD_SECRET_KEY = TC_SECRET;
    process.env.TENCENTCLOUD_REGION = "ap-guangzhou";
    const body = {
      Response: {
        Error: { Code: "AuthFailure.SignatureFailure", Message: "The provided credentials could not be validated." },
        RequestId: "req-1",
      },
    };
    const answer = { status: 200, body };
    const err = await rejectionOf(tencentAnswering(answer).tke.describeClusterKubeconfig("cls-abcd1234", false));
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("AuthFailure.SignatureFailure");
    expect(err.message).toContain("credentials from environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY)");
    expectNoSecrets(err, { TC_SECRET });
  });
});
