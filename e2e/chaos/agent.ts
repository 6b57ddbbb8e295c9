// The chaos harness's hands inside a page: bundled by esbuild and added to every page of a
// simulated device as an init script. It writes through the same local-write path the UI uses
// (src/sync/mutate: validate, outbox row and local view in one transaction), then tells the page's
// sync engine to push the way the browser does when it comes back online (the engine listens for
// `online`). It also reads the device's IndexedDB for the invariant checks. Files are attached
// through the attachment path the app runs on the page where no sync worker starts
// (storeAndAttach: hash, keep the bytes, outbox row and upload row in one transaction); the app's
// upload scheduler sends them on the same `online` nudge.
import './jitless';
import { TidelineDB } from '../../src/db/db';
import { getMeta } from '../../src/db/meta';
import { deleteEntry, putEntry } from '../../src/sync/mutate';
import type { EntryFields } from '../../src/protocol/entry';
import { browserAttachmentDeps } from '../../src/attachments/AttachmentDeps';
import { storeAndAttach } from '../../src/attachments/storeAndAttach';

let db: TidelineDB | undefined;
function open(): TidelineDB {
  db ??= new TidelineDB();
  return db;
}

/** What a write did: the outbox row's mutation id, or null when it changed nothing. */
export interface AgentWrite {
  mutationId: number | null;
  entryId: string;
  error?: string;
  /** For an attach: the attachment's id and its content's SHA-256. */
  attachmentId?: string;
  sha256?: string;
}

async function recorded(before: number | undefined): Promise<number | null> {
  const next = (await getMeta(open(), 'nextMutationId')) ?? 1;
  return next === (before ?? 1) ? null : next - 1;
}

const agent = {
  async put(
    notebookId: string,
    entryId: string | undefined,
    fields: Partial<EntryFields>,
  ): Promise<AgentWrite> {
    const before = await getMeta(open(), 'nextMutationId');
    try {
      const id = await putEntry(open(), notebookId, entryId, fields);
      const mutationId = await recorded(before);
      window.dispatchEvent(new Event('online'));
      return { mutationId, entryId: id };
    } catch (error) {
      return { mutationId: null, entryId: entryId ?? '', error: String(error) };
    }
  },
  /** The entry's "done" checkbox: flips what this device shows. */
  async toggleDone(notebookId: string, entryId: string): Promise<AgentWrite> {
    const row = await open().entries.get(entryId);
    if (!row || row.deleted) return { mutationId: null, entryId, error: 'not on this device' };
    return agent.put(notebookId, entryId, { done: !row.done });
  },
  /** An edit from this device's entry page, only if the entry is shown here. */
  async edit(
    notebookId: string,
    entryId: string,
    fields: Partial<EntryFields>,
  ): Promise<AgentWrite> {
    const row = await open().entries.get(entryId);
    if (!row || row.deleted) return { mutationId: null, entryId, error: 'not on this device' };
    return agent.put(notebookId, entryId, fields);
  },
  /** Attaches a text file with `content` to an entry shown on this device. */
  async attach(
    notebookId: string,
    entryId: string,
    name: string,
    content: string,
  ): Promise<AgentWrite> {
    const row = await open().entries.get(entryId);
    if (!row || row.deleted) return { mutationId: null, entryId, error: 'not on this device' };
    const before = await getMeta(open(), 'nextMutationId');
    try {
      const { attachmentId, sha256 } = await storeAndAttach(browserAttachmentDeps(open()), {
        notebookId,
        entryId,
        blob: new Blob([content], { type: 'text/plain' }),
        name,
        type: 'text/plain',
        durationMs: null,
      });
      const mutationId = await recorded(before);
      window.dispatchEvent(new Event('online'));
      return { mutationId, entryId, attachmentId, sha256 };
    } catch (error) {
      return { mutationId: null, entryId, error: String(error) };
    }
  },
  async remove(notebookId: string, entryId: string): Promise<AgentWrite> {
    const before = await getMeta(open(), 'nextMutationId');
    const row = await open().entries.get(entryId);
    if (!row || row.deleted) return { mutationId: null, entryId, error: 'not on this device' };
    try {
      await deleteEntry(open(), notebookId, entryId);
      const mutationId = await recorded(before);
      window.dispatchEvent(new Event('online'));
      return { mutationId, entryId };
    } catch (error) {
      return { mutationId: null, entryId, error: String(error) };
    }
  },
  /** The device's state: its entries (local view), outbox, dead letters and sync bookkeeping. */
  async snapshot() {
    const d = open();
    return {
      clientId: (await getMeta(d, 'clientId')) ?? null,
      lastMutationId: (await getMeta(d, 'lastMutationId')) ?? 0,
      nextMutationId: (await getMeta(d, 'nextMutationId')) ?? 1,
      entries: await d.entries.toArray(),
      outbox: await d.outbox.toArray(),
      deadLetters: await d.deadLetters.toArray(),
      uploads: await d.uploads.toArray(),
      notebooks: await d.notebooks.toArray(),
      cursors: await d.cursors.toArray(),
      rejectionsToAck: (await getMeta(d, 'rejectionsToAck')) ?? [],
    };
  },
};

export type ChaosAgent = typeof agent;
(window as unknown as { __chaos: ChaosAgent }).__chaos = agent;
