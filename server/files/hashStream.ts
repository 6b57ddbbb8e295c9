// The SHA-256 of a stream's bytes, read chunk by chunk (never the whole file in memory).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export async function hashStream(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
