import { describe, expect, it } from 'vitest';
import { rechunk } from './rechunk.js';

describe('rechunk', () => {
  it('regroups any chunking into full-size pieces, the last one shorter, bytes unchanged', async () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    async function* source(): AsyncGenerator<Buffer> {
      yield data.subarray(0, 3);
      yield data.subarray(3, 700);
      yield Buffer.alloc(0);
      yield data.subarray(700);
    }
    const out: Buffer[] = [];
    for await (const c of rechunk(source(), 256)) out.push(Buffer.from(c));
    expect(out.map((c) => c.length)).toEqual([256, 256, 256, 232]);
    expect(Buffer.concat(out).equals(data)).toBe(true);
  });
});
