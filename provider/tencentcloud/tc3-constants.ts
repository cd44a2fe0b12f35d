/**
 * Constants of Tencent Cloud API 3.0 signing, TC3-HMAC-SHA256.
 * Source: docs/vendor-apis.md §5; cloud.tencent.com/document/api/213/30654; tencentcloud-sdk-nodejs `src/common/sign.ts`.
 */

/** Algorithm name: first line of the string to sign and prefix of the Authorization header. */
export const TC3_ALGORITHM = "TC3-HMAC-SHA256";
/** Last element of the credential scope and the key of the final derivation step. */
export const TC3_REQUEST = "tc3_request";
/** Prefix of the secret key in the first derivation step (`HMAC("TC3" + SecretKey, Date)`). */
export const TC3_KEY_PREFIX = "TC3";

/** Lower-case names of the common request headers (intl.cloud.tencent.com/document/api/238/32088). */
export const HEADER_AUTHORIZATION = "authorization";
export const HEADER_CONTENT_TYPE = "content-type";
export const HEADER_HOST = "host";
export const HEADER_ACTION = "x-tc-action";
export const HEADER_VERSION = "x-tc-version";
export const HEADER_TIMESTAMP = "x-tc-timestamp";
export const HEADER_REGION = "x-tc-region";
export const HEADER_TOKEN = "x-tc-token";
export const HEADER_LANGUAGE = "x-tc-language";

/** What the official SDK signs. */
export const DEFAULT_SIGNED_HEADERS: readonly string[] = [HEADER_CONTENT_TYPE, HEADER_HOST];
