// A push batch stays under the request body limit however large its mutations (GPS tracks).
import { describe, expect, it } from 'vitest';
import type { LooseOutboxRow as OutboxRow } from '../db/db';
import { BATCH_MAX_BYTES, withinBytes } from './claimOutboxBatch';

function row(mutationId: number, bytes: number): OutboxRow {
  return {
    mutationId,
    name: 'entry.put',
    args: { pad: 'x'.repeat(bytes) },
    notebookId: 'n',
    entityId: 'e',
    createdAt: 0,
  };
}

describe('withinBytes', () => {
  it('stops a batch before it passes the byte budget, and always sends the first row', () => {
    const tracks = Array.from({ length: 10 }, (_, i) => row(i + 1, 256 * 1024));
    const batch = withinBytes(tracks);
    expect(batch.map((r) => r.mutationId)).toEqual([1, 2]);
    expect(batch.reduce((sum, r) => sum + JSON.stringify(r.args).length, 0)).toBeLessThanOrEqual(
      BATCH_MAX_BYTES,
    );
    expect(withinBytes([row(1, 2 * BATCH_MAX_BYTES)])).toHaveLength(1);
    const small = Array.from({ length: 100 }, (_, i) => row(i + 1, 100));
    expect(withinBytes(small)).toHaveLength(100);
  });
});
