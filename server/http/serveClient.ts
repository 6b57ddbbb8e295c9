// Serves the built client (Vite's output in STATIC_DIR) with caching headers
// chosen per file; see cacheControl.ts for why. Each file goes out as the .br or
// .gz made beside it at build time when the browser accepts that encoding
// (@fastify/static negotiates and sets Content-Encoding and Vary). Paths under
// /api never touch the disk, and source maps are never served: they describe the
// code, not the app, and the build keeps them out of STATIC_DIR.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { cacheControlFor } from './cacheControl.js';
import { isApiPath } from './responseHeaders.js';

export const INDEX_HTML = 'index.html';
const COMPRESSED = /\.(?:br|gz)$/;

/** Whether a path may be served from STATIC_DIR: not the API, not a source map. */
export function isServablePath(pathname: string): boolean {
  return !isApiPath(pathname) && !/\.map$/i.test(pathname);
}

/** Whether `staticDir` holds a built client (it has an index.html). */
export function isClientBuilt(staticDir: string): boolean {
  return existsSync(join(staticDir, INDEX_HTML));
}

export function serveClient(app: FastifyInstance, staticDir: string): void {
  void app.register(fastifyStatic, {
    root: staticDir,
    // Cache-Control is ours to set (setHeaders), not send's default max-age=0.
    cacheControl: false,
    dotfiles: 'ignore',
    preCompressed: true,
    allowedPath: isServablePath,
    setHeaders: (res, filePath) => {
      // `filePath` is the variant sent (app.js.br); its caching rule is the plain file's.
      const path = relative(staticDir, filePath).split(sep).join('/').replace(COMPRESSED, '');
      res.setHeader('cache-control', cacheControlFor(path));
      // Which bytes go out depends on Accept-Encoding, so caches must key on it too —
      // @fastify/static does not say so itself.
      res.setHeader('vary', 'accept-encoding');
    },
  });
}
