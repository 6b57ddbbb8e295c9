// Runs after `vite build` (npm run build:client). Two jobs on the built client in dist/:
//
// 1. Source maps leave dist/ for dist-sourcemaps/ (same relative paths): dist/ is what the
//    server publishes, and a map is the app's whole source. Vite writes them "hidden" (no
//    sourceMappingURL comment), so nothing asks for them; keep them to read stack traces.
// 2. Every text file worth it gets a brotli (.br) and a gzip (.gz) copy beside it, compressed
//    once at the highest levels, which @fastify/static's `preCompressed` then serves by the
//    browser's Accept-Encoding. Files that are small or that compression would not shrink are
//    left alone and go out as they are.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Below this, headers dominate and a compressed copy saves next to nothing. */
export const MIN_BYTES = 1024;
const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/i;

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Moves source maps out of `distDir` into `mapsDir` and writes .br/.gz copies of its text files.
 * Returns what it did, for the build log and the tests.
 */
export function precompress(distDir, mapsDir) {
  const result = { maps: [], compressed: [] };
  for (const path of [...filesUnder(distDir)]) {
    const rel = relative(distDir, path);
    if (path.endsWith('.map')) {
      const target = join(mapsDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(path, target);
      result.maps.push(rel);
      continue;
    }
    if (!TEXT.test(path) || statSync(path).size < MIN_BYTES) continue;
    const source = readFileSync(path);
    const br = brotliCompressSync(source, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
      },
    });
    const gz = gzipSync(source, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= source.length) continue;
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    result.compressed.push({ file: rel, bytes: source.length, br: br.length, gzip: gz.length });
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = resolve(process.argv[2] ?? 'dist');
  const mapsDir = resolve(process.argv[3] ?? `${distDir}-sourcemaps`);
  const { maps, compressed } = precompress(distDir, mapsDir);
  const total = (key) => compressed.reduce((sum, file) => sum + file[key], 0);
  console.log(
    `precompress: ${compressed.length} files, ${total('bytes')} → ${total('br')} bytes brotli, ` +
      `${total('gzip')} gzip; ${maps.length} source maps moved to ${relative(process.cwd(), mapsDir)}/`,
  );
}
