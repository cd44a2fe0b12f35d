import type { Input } from "@pulumi/pulumi";

/**
 * Huawei Cloud credentials for one resource (multi-account programs). Made secret by the resource.
 * Without them: stack config `huaweicloud:accessKey`/`secretKey`/`securityToken`/`authToken`, then the
 * Terraform provider's variables `HW_ACCESS_KEY`/`HW_SECRET_KEY`/`HW_SECURITY_TOKEN`/`HW_AUTH_TOKEN`.
 */
export interface HuaweiCloudCredentials {
  /** Access key id (AK). */
  accessKey?: Input<string>;
  /** Secret access key (SK). */
  secretKey?: Input<string>;
  /** Security token of temporary AK/SK credentials (sent as X-Security-Token). */
  securityToken?: Input<string>;
  /** IAM user token (X-Auth-Token), instead of AK/SK. */
  authToken?: Input<string>;
}

/**
 * Tencent Cloud credentials for one resource. Made secret by the resource. Without them: stack config
 * `tencentcloud:secretId`/`secretKey`/`securityToken`, then `TENCENTCLOUD_SECRET_ID`/`TENCENTCLOUD_SECRET_KEY`/
 * `TENCENTCLOUD_SECURITY_TOKEN`.
 */
export interface TencentCloudCredentials {
  /** SecretId. */
  secretId: Input<string>;
  /** SecretKey. */
  secretKey: Input<string>;
  /** Token of temporary credentials (X-TC-Token). */
  securityToken?: Input<string>;
}

/** `internal` (VPC), `external` (public, TLS verification skipped) or `externalTLSVerify` (public, verified). */
export type HuaweiEndpoint = "internal" | "external" | "externalTLSVerify";
/** `intranet` (VPC address) or `extranet` (public address). */
export type TkeEndpoint = "intranet" | "extranet";
