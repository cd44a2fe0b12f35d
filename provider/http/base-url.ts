/**
 * Checks of the base URLs and domains a user may set (endpoint overrides, cloud and root domains). Requests carry
 * signed credentials, so a base URL is https only with nothing but host, port and path. Vendor-neutral: the
 * vendors' endpoints.ts files name the setting in their messages.
 */
import { InvalidInputError } from "../errors";

/** Two or more DNS labels. */
const DOMAIN_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether `value` is a DNS domain of two or more labels (`myhuaweicloud.com`, `intl.tencentcloudapi.com`). */
export function isDomainName(value: string): boolean {
  return DOMAIN_NAME.test(value);
}

/**
 * The base URL `value` names, without a trailing `/`: a bare host (`cce.eu-de.otc.t-systems.com`) means HTTPS.
 * Throws {@link InvalidInputError} naming `subject` (e.g. `endpoint override for cce`) when it is not an
 * absolute https URL without user info, query, fragment, backslash or whitespace.
 */
export function checkedBaseUrl(subject: string, value: string): string {
  const withScheme = value.includes("://") ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidInputError(`${subject} is not an absolute URL`);
  }
  if (url.protocol !== "https:") throw new InvalidInputError(`${subject} must use https`);
  if (url.username || url.password) throw new InvalidInputError(`${subject} must not carry a user name or password`);
  if (/[?#\\\s]/.test(withScheme)) {
    throw new InvalidInputError(`${subject} must not have a query, fragment, backslash or whitespace`);
  }
  return withScheme.replace(/\/+$/, "");
}
