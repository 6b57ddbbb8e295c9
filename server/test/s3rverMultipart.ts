// s3rver 3.7 stores multipart uploads but answers two of their calls with 405: ListParts (GET
// ?uploadId) and AbortMultipartUpload (DELETE ?uploadId). @tus/s3-store needs both — ListParts
// is how it learns how far an upload got, after a restart or on another instance — so the test
// server gains them here, read from s3rver's own record of the upload's parts (a directory per
// upload holding each part and its MD5).
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

interface S3rverInternals {
  middleware: Middleware[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function noSuchUpload(ctx: KoaContext): void {
  ctx.status = 404;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code>' +
    '<Message>The specified upload does not exist.</Message></Error>';
}

export function addMultipartCalls(server: unknown): void {
  const internals = server as S3rverInternals;
  const handler: Middleware = async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    const listing = ctx.method === 'GET' && ctx.query.partNumber === undefined;
    if (typeof uploadId !== 'string' || !match || !(listing || ctx.method === 'DELETE')) {
      return next();
    }
    const [, bucket, key] = match as unknown as [string, string, string];
    if (!/^[0-9a-f]+$/.test(uploadId)) return noSuchUpload(ctx);
    const dir = join(internals.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return noSuchUpload(ctx);
    }
    if (ctx.method === 'DELETE') {
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    const numbers = names
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    const parts = await Promise.all(
      numbers.map(async (number) => {
        const info = await stat(join(dir, String(number)));
        const md5 = (await readFile(join(dir, `${number}.md5`), 'utf8')).trim();
        return (
          `<Part><PartNumber>${number}</PartNumber><LastModified>${info.mtime.toISOString()}` +
          `</LastModified><ETag>"${md5}"</ETag><Size>${info.size}</Size></Part>`
        );
      }),
    );
    ctx.status = 200;
    ctx.type = 'application/xml';
    ctx.body =
      '<?xml version="1.0" encoding="UTF-8"?><ListPartsResult>' +
      `<Bucket>${escapeXml(bucket)}</Bucket><Key>${escapeXml(decodeURIComponent(key))}</Key>` +
      `<UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}` +
      '</ListPartsResult>';
  };
  internals.middleware.unshift(handler);
}
