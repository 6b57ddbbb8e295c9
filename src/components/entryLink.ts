// The inside of one row of the entry list: a checkbox that ticks the task done, and a link to
// the entry with its title, first line of text, tags, due time, time and its state (done,
// overdue, new, not yet synced, conflicted). A function and styles, not an element: the list
// renders dozens of these per scroll frame and each element would cost a shadow root. The
// checkbox sits beside the link, not inside it (a control inside a link is neither one).
import { css, html, nothing } from 'lit';
import type { EntryRow } from '../db/db';
import { describeDue } from '../format/describeDue';
import { pathFor, PageName } from '../protocol/routes';
import { visuallyHiddenRule } from '../styles/shared';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Styles for entryLink, to include in the host element's styles. */
export const entryLinkStyles = css`
  a {
    display: grid;
    grid-template-columns: 1.5rem minmax(0, 1fr) auto;
    grid-template-rows: auto auto;
    column-gap: 0.6rem;
    align-items: center;
    box-sizing: border-box;
    height: 100%;
    padding: 0.45rem 0.9rem;
    color: inherit;
    text-decoration: none;
  }
  a:hover {
    background: color-mix(in srgb, var(--tl-accent) 7%, transparent);
  }
  a:focus-visible {
    outline: 3px solid var(--tl-focus);
    outline-offset: -3px;
  }
  .done {
    grid-row: 1 / span 2;
  }
  .tick {
    position: absolute;
    /* Over the link's first column (see the padding of a). */
    left: 0.9rem;
    top: 50%;
    width: 1.25rem;
    height: 1.25rem;
    margin: -0.625rem 0 0;
    accent-color: var(--tl-ok);
    cursor: pointer;
    z-index: 1;
  }
  .tick:focus-visible {
    outline: 3px solid var(--tl-focus);
    outline-offset: 2px;
  }
  .due.overdue {
    color: var(--tl-danger);
    font-weight: 600;
  }
  .title,
  .snippet {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .title {
    font-weight: 600;
  }
  .unread .title::before {
    content: '● ';
    color: var(--tl-accent);
  }
  .is-done .title {
    text-decoration: line-through;
    color: var(--tl-muted);
  }
  .snippet,
  .meta {
    font-size: 0.85rem;
    color: var(--tl-muted);
  }
  .meta {
    white-space: nowrap;
  }
  /* A phone has room for the title and one line under it: tags and time, not the text (the
     row is shorter there: PHONE_ROW_HEIGHT in tl-entry-list). */
  @media (max-width: 30rem) {
    a {
      padding: 0.3rem 0.75rem;
    }
    .snippet {
      display: none;
    }
    .tick {
      left: 0.75rem;
    }
    .meta {
      grid-column: 2 / span 2;
      overflow: hidden;
      text-overflow: ellipsis;
    }
  }
  .files {
    display: inline-flex;
    align-items: center;
    gap: 0.2rem;
  }
  .files img {
    width: 1.5rem;
    height: 1.5rem;
    object-fit: cover;
    border-radius: 0.2rem;
  }
  .badges {
    display: flex;
    gap: 0.3rem;
    justify-content: flex-end;
  }
  .badge {
    font-size: 0.75rem;
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .pending {
    color: var(--tl-warn);
  }
  .conflicted,
  .overdue {
    color: var(--tl-danger);
  }
  .new {
    color: var(--tl-accent);
  }
  .hint {
    ${visuallyHiddenRule}
  }
`;

/** Up to three thumbnails and the number of files, within the row's fixed height. */
function attachmentBadge(row: EntryRow) {
  const files = row.attachments ?? [];
  if (files.length === 0) return nothing;
  return html`<span class="files" data-testid="row-attachments">
    ${files
      .slice(0, 3)
      .map((file) =>
        file.thumbnail
          ? html`<img
              src=${file.thumbnail}
              alt=""
              width="24"
              height="24"
              data-testid="row-thumb"
            />`
          : nothing,
      )}
    <span class="badge" aria-label="${files.length} ${files.length === 1 ? 'file' : 'files'}"
      >📎 ${files.length}</span
    >
  </span>`;
}

export interface EntryLinkOptions {
  /** In the Tab order (the list's roving tab stop). */
  tabbable: boolean;
  /** The person may not change the notebook: the checkbox only shows the state. */
  readOnly: boolean;
  /** The time due times are measured against. */
  now: number;
}

/** The checkbox that ticks a task done from the list; the list handles its `change`. */
export function entryTick(row: EntryRow, { tabbable, readOnly }: EntryLinkOptions) {
  return html`<input
    type="checkbox"
    class="tick"
    data-testid="row-tick"
    aria-label=${`Mark '${row.title || 'Untitled'}' done`}
    .checked=${row.done}
    ?disabled=${readOnly}
    tabindex=${tabbable ? 0 : -1}
  />`;
}

export function entryLink(row: EntryRow, notebookId: string, options: EntryLinkOptions) {
  const href = pathFor(PageName.Entry, { notebookId, entryId: row.id });
  const snippet = row.body.split('\n', 1)[0] ?? '';
  const classes = [row.unread ? 'unread' : '', row.done ? 'is-done' : ''].join(' ');
  const due = row.due == null ? undefined : describeDue(row.due, options.now, row.done);
  return html`<a href=${href} class=${classes} tabindex=${options.tabbable ? 0 : -1}>
    <span class="done" aria-hidden="true"></span>
    <span class="title">${row.title || 'Untitled'}</span>
    <span class="badges">
      ${row.done ? html`<span class="hint">Done.</span>` : nothing}
      ${due?.overdue ? html`<span class="badge overdue" data-testid="row-overdue">Overdue</span>` : nothing}
      ${row.unread ? html`<span class="badge new">New</span>` : nothing}
      ${row.pending > 0 ? html`<span class="badge pending">Not yet synced</span>` : nothing}
      ${row.conflicted ? html`<span class="badge conflicted">Conflict</span>` : nothing}
      ${attachmentBadge(row)}
    </span>
    <span class="snippet">${snippet}</span>
    <span class="meta">
      ${
        due
          ? html`<span class="due ${due.overdue ? 'overdue' : ''}" data-testid="row-due"
                >${due.text}</span
              >
              · `
          : nothing
      }
      ${row.tags.length > 0 ? html`${row.tags.map((tag) => `#${tag}`).join(' ')} · ` : nothing}
      ${row.location ? html`<span aria-label="Has a location">📍</span> ` : nothing}
      ${row.track ? html`<span aria-label="Has a GPS track">🧭</span> ` : nothing}
      ${timeFormat.format(row.updatedAt)}
    </span>
  </a>`;
}
