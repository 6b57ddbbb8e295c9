// The words beside the editor's Save button: a notice, "Saving…", "Not saved yet", "Saved on this
// device · not yet synced" or "Synced · updated …". A live region (role=status) holds them.
import { html, nothing } from 'lit';
import type { EntryRow } from '../db/db';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export interface SaveStateFacts {
  /** The stored entry; undefined until a new one's first save. */
  entry: EntryRow | undefined;
  /** A notice that outranks the save state ("Changes undone."). */
  notice: string;
  /** A write is waiting for a pause or running. */
  saving: boolean;
  /** The form holds edits not yet written. */
  dirty: boolean;
  /** The last write failed. */
  failed: boolean;
}

export function renderSaveState(facts: SaveStateFacts) {
  const { entry } = facts;
  if (facts.notice) return facts.notice;
  if (facts.saving) return html`<span class="muted">Saving…</span>`;
  if (facts.dirty && (facts.failed || !entry))
    return html`<span class="muted">Not saved yet</span>`;
  if (!entry) return nothing;
  if (entry.pending > 0) {
    return html`<span class="pending">Saved on this device · not yet synced</span>`;
  }
  return html`<span class="synced">Synced</span>
    <span class="muted">· updated ${timeFormat.format(entry.updatedAt)}</span>`;
}
