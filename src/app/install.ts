// Installing Tideline. Browsers that can install web apps themselves (Chromium) fire
// `beforeinstallprompt` once the app qualifies; keeping that event lets an "Install Tideline"
// button show the browser's prompt later, on a click. Browsers without the event (Safari,
// Firefox) install through their own menus, so the button explains how instead.
//
//   waiting ──beforeinstallprompt──▶ promptable ──prompt() accepted / appinstalled──▶ installed
//      │                                  └──prompt() dismissed──▶ waiting (until the next event)
//      └──no such event in this browser──▶ manual (a how-to for its menu)
//   standalone display mode (opened from the installed app) ──▶ installed
//
// This module is imported first by src/main.ts so the event is caught however early it fires.
import { Store } from './Store';

/** The event Chromium fires when the app can be installed (not in TypeScript's DOM types). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
  readonly userChoice?: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export const InstallState = {
  Waiting: 'waiting',
  Promptable: 'promptable',
  Manual: 'manual',
  Installed: 'installed',
} as const;
export type InstallState = (typeof InstallState)[keyof typeof InstallState];

/** Which "Add to Home Screen" instructions fit this browser. */
export const ManualPlatform = {
  IosSafari: 'ios-safari',
  MacSafari: 'mac-safari',
  FirefoxAndroid: 'firefox-android',
  Other: 'other',
} as const;
export type ManualPlatform = (typeof ManualPlatform)[keyof typeof ManualPlatform];

export interface InstallStatus {
  state: InstallState;
  /** Set while `state` is manual. */
  platform?: ManualPlatform;
  /** Installed during this visit: offer background refresh next. */
  justInstalled: boolean;
}

export const installStore = new Store<InstallStatus>({
  state: InstallState.Waiting,
  justInstalled: false,
});

let deferred: BeforeInstallPromptEvent | undefined;

function isStandalone(): boolean {
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return standalone || matchMedia('(display-mode: standalone)').matches;
}

/** Which instructions to show when the browser has no install prompt of its own. */
export function manualPlatform(userAgent: string): ManualPlatform {
  const ios = /iPhone|iPad|iPod/.test(userAgent) || /Macintosh.*Mobile/.test(userAgent);
  if (ios) return ManualPlatform.IosSafari;
  if (/Firefox\//.test(userAgent) && /Android/.test(userAgent))
    return ManualPlatform.FirefoxAndroid;
  if (/Macintosh/.test(userAgent) && /Version\/[\d.]+ Safari/.test(userAgent)) {
    return ManualPlatform.MacSafari;
  }
  return ManualPlatform.Other;
}

function markInstalled(): void {
  deferred = undefined;
  installStore.set({ state: InstallState.Installed, justInstalled: true });
}

/** Shows the browser's install prompt; resolves with whether the user accepted. */
export async function promptInstall(): Promise<boolean> {
  const event = deferred;
  if (!event) return false;
  // The event can prompt once.
  deferred = undefined;
  installStore.set({ state: InstallState.Waiting, justInstalled: false });
  await event.prompt();
  const choice = await event.userChoice;
  if (choice?.outcome === 'accepted') markInstalled();
  return choice?.outcome === 'accepted';
}

/** Starts listening; call before anything else so an early event is not missed. */
export function watchInstall(): void {
  if (isStandalone()) {
    installStore.set({ state: InstallState.Installed, justInstalled: false });
    return;
  }
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's own mini-infobar away; the app offers installing in its header.
    event.preventDefault();
    deferred = event as BeforeInstallPromptEvent;
    installStore.set({ state: InstallState.Promptable, justInstalled: false });
  });
  window.addEventListener('appinstalled', markInstalled);
  // Without the event in this browser at all, installing is up to its menus.
  if (!('onbeforeinstallprompt' in window)) {
    installStore.set({
      state: InstallState.Manual,
      platform: manualPlatform(navigator.userAgent),
      justInstalled: false,
    });
  }
}
