// The user's theme choice: follow the system, or always light or dark. Kept in localStorage so
// the inline script in index.html can apply it before first paint; applying it here sets
// <html data-theme>, which global.css's tokens follow, and the browser's theme-color.
import { Store } from './Store';

export const ThemeChoice = {
  System: 'system',
  Light: 'light',
  Dark: 'dark',
} as const;
export type ThemeChoice = (typeof ThemeChoice)[keyof typeof ThemeChoice];

/** The key index.html's inline theme script reads; keep the two in step. */
const STORAGE_KEY = 'tideline-theme';
const THEME_COLORS = { light: '#0f5283', dark: '#0b2239' } as const;

function readChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === ThemeChoice.Light || stored === ThemeChoice.Dark) return stored;
  } catch {
    // Storage blocked: follow the system.
  }
  return ThemeChoice.System;
}

export const themeStore = new Store<ThemeChoice>(readChoice());

function apply(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === ThemeChoice.System) delete root.dataset.theme;
  else root.dataset.theme = choice;
  // A forced theme colours the browser's UI the same way whatever the system says.
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    const light = meta.media.includes('light');
    const shade = choice === ThemeChoice.System ? (light ? 'light' : 'dark') : choice;
    meta.content = THEME_COLORS[shade];
  }
}

/** Saves and applies a theme choice. */
export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === ThemeChoice.System) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Not saved; still applied for this page.
  }
  apply(choice);
  themeStore.set(choice);
}

/** Applies the stored choice (the boot script did already; this also sets theme-color). */
export function startTheme(): void {
  apply(themeStore.value);
  // Another tab changed it.
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    const choice = readChoice();
    apply(choice);
    themeStore.set(choice);
  });
}
