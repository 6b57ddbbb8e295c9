import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../server/test/tempDir.js';
// @ts-expect-error -- a plain .mjs build script, typed by its use here
import { MIN_BYTES, precompress } from './precompress.mjs';

afterAll(() => removeTempDirs());

describe('precompress', () => {
  it('writes .br and .gz beside text files, leaves small and binary ones, moves maps out', () => {
    const dist = makeTempDir('tideline-dist-');
    const maps = join(makeTempDir('tideline-maps-'), 'maps');
    mkdirSync(join(dist, 'assets'));
    const script = 'export const greeting = "hello";\n'.repeat(200);
    writeFileSync(join(dist, 'assets/index-abc.js'), script);
    writeFileSync(join(dist, 'assets/index-abc.js.map'), '{"version":3}');
    writeFileSync(join(dist, 'sw.js.map'), '{"version":3}');
    writeFileSync(join(dist, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(dist, 'icon.png'), Buffer.alloc(MIN_BYTES * 4));

    const result = precompress(dist, maps) as { maps: string[] };

    const br = readFileSync(join(dist, 'assets/index-abc.js.br'));
    const gz = readFileSync(join(dist, 'assets/index-abc.js.gz'));
    expect(brotliDecompressSync(br).toString()).toBe(script);
    expect(gunzipSync(gz).toString()).toBe(script);
    expect(br.length).toBeLessThan(script.length / 10);
    expect(existsSync(join(dist, 'robots.txt.br'))).toBe(false);
    expect(existsSync(join(dist, 'icon.png.br'))).toBe(false);
    expect(existsSync(join(dist, 'assets/index-abc.js.map'))).toBe(false);
    expect(existsSync(join(dist, 'sw.js.map'))).toBe(false);
    expect(readFileSync(join(maps, 'assets/index-abc.js.map'), 'utf8')).toBe('{"version":3}');
    expect(result.maps.sort()).toEqual(['assets/index-abc.js.map', 'sw.js.map']);
  });
});
