// A new account's first notebook, with a short welcome entry (the sign-in page writes it after
// a sign-up).
import { getDb } from '../db/db';
import { createNotebook, putEntry } from '../sync/mutate';

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
