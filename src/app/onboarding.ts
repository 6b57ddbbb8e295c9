// Whether this device has seen Tideline's first-run screen. The welcome screen shows only on a
// device where nobody has signed in yet; once someone has (or the visitor picked a way in), the
// sign-in form shows instead. Kept in localStorage: signing out clears the database, not this.
// (The shell reads it on every start, so it stays free of the database; a new account's first
// notebook is in welcomeNotebook.ts.)

const STORAGE_KEY = 'tideline-onboarded';

export function hasOnboarded(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function markOnboarded(): void {
  try {
    localStorage.setItem(STORAGE_KEY, '1');
  } catch {
    // Storage blocked: the welcome screen shows again next time, which is harmless.
  }
}
