// Tideline's web app manifest: everything a browser needs to offer "Install".
// vite.config.ts hands it to vite-plugin-pwa, which writes /manifest.webmanifest.
import type { ManifestOptions } from 'vite-plugin-pwa';

export const THEME_COLOR = '#0f5283';
export const BACKGROUND_COLOR = '#f4f7fb';

export const manifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'Tideline',
  short_name: 'Tideline',
  description:
    'Shared team notebooks of notes and tasks that work offline and sync in the background.',
  lang: 'en',
  dir: 'ltr',
  start_url: '/notebooks',
  scope: '/',
  display: 'standalone',
  display_override: ['window-controls-overlay', 'standalone'],
  orientation: 'any',
  theme_color: THEME_COLOR,
  background_color: BACKGROUND_COLOR,
  categories: ['productivity', 'utilities'],
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    { src: '/icons/tideline.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
  ],
  shortcuts: [
    {
      name: 'Notebooks',
      short_name: 'Notebooks',
      description: 'Open your notebooks',
      url: '/notebooks',
      icons: [{ src: '/icons/notebooks-96.png', sizes: '96x96', type: 'image/png' }],
    },
    {
      name: 'Settings',
      short_name: 'Settings',
      description: 'Alerts, background refresh and storage',
      url: '/settings',
      icons: [{ src: '/icons/settings-96.png', sizes: '96x96', type: 'image/png' }],
    },
  ],
};
