// The tus calls a device makes, over real HTTP to a listening test server: create an upload,
// send a chunk, ask how far it got. Raw requests, so tests see every status and header.
import type { ApiHarness, TestUser } from './apiHarness.js';

export interface UploadTarget {
  base: string;
  user: TestUser;
}

/** Starts the harness's app on a free loopback port; returns its base URL. */
export async function listen(api: ApiHarness): Promise<string> {
  return api.app.listen({ port: 0, host: '127.0.0.1' });
}

export function headersFor({ base, user }: UploadTarget, extra: Record<string, string> = {}) {
  return { cookie: user.cookie, origin: base, 'tus-resumable': '1.0.0', ...extra };
}

function metadataHeader(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

export async function createUpload(
  target: UploadTarget,
  metadata: Record<string, string>,
  size: number,
): Promise<Response> {
  return fetch(`${target.base}/api/uploads`, {
    method: 'POST',
    headers: headersFor(target, {
      'upload-length': String(size),
      'upload-metadata': metadataHeader(metadata),
    }),
  });
}

/** The upload's URL from a creation response (relative Location made absolute). */
export function uploadUrl(target: UploadTarget, created: Response): string {
  const location = created.headers.get('location');
  if (!location) throw new Error(`no Location (${created.status})`);
  return new URL(location, target.base).toString();
}

export async function sendChunk(
  target: UploadTarget,
  url: string,
  offset: number,
  chunk: Uint8Array,
): Promise<Response> {
  return fetch(url, {
    method: 'PATCH',
    headers: headersFor(target, {
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    }),
    body: chunk,
  });
}

export async function uploadOffset(target: UploadTarget, url: string): Promise<Response> {
  return fetch(url, { method: 'HEAD', headers: headersFor(target) });
}
