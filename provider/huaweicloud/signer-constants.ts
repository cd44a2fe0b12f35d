/**
 * Constants of Huawei API Gateway AK/SK signing (SDK-HMAC-SHA256).
 * Source: docs/vendor-apis.md §4; go-sdk `core/auth/signer/signer.go`; support.huaweicloud.com devg-apisign.
 */

/** Algorithm name, first line of the string to sign and prefix of the Authorization header. */
export const SDK_SIGNING_ALGORITHM = "SDK-HMAC-SHA256";

/** Lower-case names of the headers the signer adds or reads. */
export const HEADER_SDK_DATE = "x-sdk-date";
export const HEADER_SECURITY_TOKEN = "x-security-token";
export const HEADER_AUTHORIZATION = "authorization";
export const HEADER_HOST = "host";
export const HEADER_CONTENT_SHA256 = "x-sdk-content-sha256";
export const HEADER_AUTH_TOKEN = "x-auth-token";

/** Value of `X-Sdk-Content-Sha256` that tells the gateway the body is not hashed. */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
