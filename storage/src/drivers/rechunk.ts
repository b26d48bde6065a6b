/**
 * Regroups a byte stream into chunks of exactly `size` bytes (the last one
 * shorter), so every SMB WRITE carries a full payload whatever chunk size the
 * source produces (fs streams give 64 KiB, just over the SMB limit).
 */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let buf = Buffer.allocUnsafe(size);
  let used = 0;
  for await (const input of source) {
    let chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    while (chunk.length > 0) {
      const n = Math.min(size - used, chunk.length);
      chunk.copy(buf, used, 0, n);
      used += n;
      chunk = chunk.subarray(n);
      if (used === size) {
        yield buf;
        buf = Buffer.allocUnsafe(size);
        used = 0;
      }
    }
  }
  if (used > 0) yield buf.subarray(0, used);
}
