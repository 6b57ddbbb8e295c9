// Whether this device has seen Tideline's first-run screen. The welcome screen shows only on a
// device where nobody has signed in yet; once someone has (or the visitor picked a way in), the
// sign-in form shows instead. Kept in localStorage: signing out clears the database, not this.
import { getDb } from '../db/db';
import { createNotebook, putEntry } from '../sync/mutate';

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

const WELCOME_BODY = `This notebook is yours to try things out.

• Add notes and tasks with “New entry” (or press n). Tag them, tick tasks off when done.
• Everything is saved on this device first, so it works offline; Tideline syncs when it can.
• Share a notebook from the Notebooks page (Members → invite link).
• Install Tideline and turn on background refresh in Settings to keep it current.

Delete this entry, or the whole notebook, whenever you like.`;

/**
 * A new account's first notebook, with a short welcome entry — written through the normal
 * local-write path (outbox), so it syncs like anything the user writes. Returns its id.
 */
export async function createWelcomeNotebook(name: string | undefined): Promise<string> {
  const db = getDb();
  const owner = name?.trim().split(/\s+/)[0];
  const notebookId = await createNotebook(db, owner ? `${owner}’s notebook` : 'My notebook');
  await putEntry(db, notebookId, undefined, {
    title: 'Welcome to Tideline',
    body: WELCOME_BODY,
    tags: ['welcome'],
    done: false,
  });
  return notebookId;
}
