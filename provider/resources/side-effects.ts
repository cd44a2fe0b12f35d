/** How the resources treat the answer of a call that creates or mints something at the vendor. */
import { TimeoutError, TransportError, VendorApiError } from "../http/errors";

/** False only for answers that prove the vendor did not act: a 4xx refusal, or a request never sent. */
export function mayHaveTakenEffect(err: unknown): boolean {
  if (err instanceof TransportError) return !err.notSent || err instanceof TimeoutError;
  if (err instanceof VendorApiError) return !(err.status !== undefined && err.status >= 400 && err.status < 500);
  return true;
}

/**
 * Runs a call that mints a credential. It is never repeated after an answer that may have been lost (the
 * transport sees to that), and no vendor API can find the credential again, so the error says what happened.
 */
export async function mintOnce<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!mayHaveTakenEffect(err) || !(err instanceof Error)) throw err;
    err.message +=
      "; the vendor may have issued a credential whose answer was lost: it is not requested again automatically " +
      "and expires at its validity; run `pulumi up` again";
    throw err;
  }
}
