/**
 * Reads a response body with a size cap, while it streams: memory stays bounded by the cap however
 * large (or endless) the body is, and the connection is closed as soon as the cap is passed.
 */

/** The part of undici's body stream used here. */
export interface BodyStream extends AsyncIterable<Uint8Array> {
  destroy(err?: Error): unknown;
  on(event: "error", listener: (err: unknown) => void): unknown;
  /** The whole body at once (undici's body mixin). */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

export type CappedBody = { bytes: Buffer; tooLarge?: undefined } | { tooLarge: true; announced?: number };

/**
 * The whole body, or `tooLarge` once more than `limit` bytes arrived (or `Content-Length` announced more).
 * A body that is too large is destroyed unread, which closes its connection.
 */
export async function readBodyCapped(
  body: BodyStream,
  limit: number,
  contentLength: string | undefined,
): Promise<CappedBody> {
  const announced = contentLength !== undefined && /^\s*\d+\s*$/.test(contentLength) ? Number(contentLength) : NaN;
  if (announced > limit) {
    stop(body);
    return { tooLarge: true, announced };
  }
  // An announced length within the cap bounds what arrives: the HTTP parser reads exactly that many bytes for this
  // response, so the body can be taken whole, without a chunk loop.
  if (announced <= limit && body.arrayBuffer) return { bytes: Buffer.from(await body.arrayBuffer()) };
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) {
      stop(body);
      return { tooLarge: true };
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return { bytes: Buffer.concat(chunks, total) };
}

/** Destroys the stream; its abort error is expected, so it is swallowed rather than left unhandled. */
function stop(body: BodyStream): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** `8 MiB`, `512 KiB` or `1000 bytes`, for messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
