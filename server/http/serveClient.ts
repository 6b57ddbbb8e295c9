// Serves the built client (Vite's output in STATIC_DIR) with caching headers
// chosen per file; see cacheControl.ts for why. Paths under /api never touch
// the disk.
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { cacheControlFor } from './cacheControl.js';
import { isApiPath } from './responseHeaders.js';

export const INDEX_HTML = 'index.html';

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
    allowedPath: (pathname) => !isApiPath(pathname),
    setHeaders: (res, filePath) => {
      const path = relative(staticDir, filePath).split(sep).join('/');
      res.setHeader('cache-control', cacheControlFor(path));
    },
  });
}
