// Builds the page (index.html → src/main.ts) and, through vite-plugin-pwa in injectManifest
// mode, the TypeScript service worker in sw/ with the precache manifest of the built shell.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { manifest } from './src/manifest';

const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};
/** Identifies one build; the page and the service worker both report it. */
const buildId = process.env.TIDELINE_BUILD_ID ?? `${version}+${Date.now().toString(36)}`;

const define = {
  __APP_VERSION__: JSON.stringify(version),
  __BUILD_ID__: JSON.stringify(buildId),
};

export default defineConfig({
  define,
  // Maps are written without a sourceMappingURL comment and moved out of dist/ by
  // scripts/precompress.mjs: the server never publishes them.
  build: { target: 'es2022', sourcemap: 'hidden' },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'index.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/*.svg', 'icons/apple-touch-icon.png', 'robots.txt'],
      manifest,
      injectManifest: {
        swDest: 'dist/sw.js',
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        rollupFormat: 'iife',
        // The worker's source is sw/index.ts, but it is served as /sw.js.
        buildPlugins: {
          vite: [
            {
              name: 'tideline-sw-filename',
              config: () => ({ build: { rollupOptions: { output: { entryFileNames: 'sw.js' } } } }),
            },
          ],
        },
      },
      devOptions: { enabled: false },
    }),
  ],
});
