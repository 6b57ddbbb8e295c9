// The person's voice-memo settings, kept on this device: the longest a memo may run before it
// stops by itself, and whether to keep the screen on while recording.
import { Store } from '../app/Store';

export interface MemoSettings {
  maxMinutes: number;
  keepScreenOn: boolean;
}

export const MAX_MINUTES_CHOICES = [5, 15, 30, 60, 120] as const;
const DEFAULTS: MemoSettings = { maxMinutes: 30, keepScreenOn: false };
const STORAGE_KEY = 'tideline-memo-settings';

function read(): MemoSettings {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<MemoSettings>;
    return {
      maxMinutes: (MAX_MINUTES_CHOICES as readonly number[]).includes(stored.maxMinutes ?? -1)
        ? stored.maxMinutes!
        : DEFAULTS.maxMinutes,
      keepScreenOn: stored.keepScreenOn === true,
    };
  } catch {
    return DEFAULTS;
  }
}

export const memoSettings = new Store<MemoSettings>(read());

memoSettings.subscribe((settings) => {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage blocked: the choice lasts for this visit.
  }
});
