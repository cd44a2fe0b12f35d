/** What a call that must fail threw or rejected with, so a test can look at it; the test fails if it did not. */

/** The error `fn` throws. */
export function thrown(fn: () => unknown): Error & Record<string, any> {
  try {
    fn();
  } catch (e) {
    return e as Error & Record<string, any>;
  }
  throw new Error("expected a throw");
}

/** The rejection of `p`. */
export async function rejectionOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the request to fail, but it succeeded");
}
