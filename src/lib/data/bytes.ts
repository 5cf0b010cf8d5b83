// Byte helpers built only on web platform APIs (fetch streams, DecompressionStream,
// crypto.subtle), which the browser, module workers and Node 24 all provide.
import { MnistDataError } from './errors.ts';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** SHA-256 of the bytes, as lowercase hex; `file` names the data in the error if hashing is impossible. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>, file = 'data'): Promise<string> {
  // crypto.subtle exists only in secure contexts (https, localhost): say so rather than skip the check.
  const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined;
  if (!subtle) throw new MnistDataError(file, 'cannot verify: crypto.subtle is unavailable (serve the site over https or from localhost)');
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Decompresses a gzip file; a corrupt or truncated one is a MnistDataError naming `file`. */
export async function gunzip(bytes: Uint8Array<ArrayBuffer>, file: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new MnistDataError(file, `cannot decompress gzip data (${String(cause)})`, { cause });
  }
}

/**
 * Reads a response body chunk by chunk, calling `onChunk` with the bytes received so far.
 * Stops with a MnistDataError past `maxBytes`, so a wrong URL serving a huge page cannot fill memory.
 */
export async function readBody(
  response: Response,
  file: string,
  maxBytes: number,
  signal: AbortSignal | undefined,
  onChunk: (received: number, first: Uint8Array) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer()); // bodies are streams in practice
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      signal?.throwIfAborted();
      step = await reader.read();
    } catch (cause) {
      if (signal?.aborted) {
        await reader.cancel().catch(() => undefined);
        throw signal.reason;
      }
      // A connection cut mid-body surfaces here as a bare TypeError: name the file instead.
      throw new MnistDataError(file, `download interrupted after ${received} bytes (${String(cause)})`, { cause });
    }
    const { done, value } = step;
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw new MnistDataError(file, `response is larger than the expected ${maxBytes} bytes`);
    }
    onChunk(received, chunks[0] ?? value);
  }
  return concatChunks(chunks, received);
}

/** The chunks of a streamed body as one array (`total` their summed length). */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
