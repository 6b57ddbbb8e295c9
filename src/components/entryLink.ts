// The inside of one row of the entry list: a link to the entry with its title, first line of
// text, tags, time and its state (done, new, not yet synced, conflicted). A function and styles,
// not an element: the list renders dozens of these per scroll frame and each element would cost
// a shadow root.
import { css, html, nothing } from 'lit';
import type { EntryRow } from '../db/db';
import { pathFor, PageName } from '../router/routes';
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
    font-size: 1.1rem;
    color: var(--tl-muted);
  }
  .done.yes {
    color: var(--tl-ok);
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
  /* A phone has room for the title and one line under it: tags and time, not the text. */
  @media (max-width: 30rem) {
    a {
      padding: 0.45rem 0.75rem;
    }
    .snippet {
      display: none;
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
  .conflicted {
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

export function entryLink(row: EntryRow, notebookId: string, tabbable: boolean) {
  const href = pathFor(PageName.Entry, { notebookId, entryId: row.id });
  const snippet = row.body.split('\n', 1)[0] ?? '';
  const classes = [row.unread ? 'unread' : '', row.done ? 'is-done' : ''].join(' ');
  return html`<a href=${href} class=${classes} tabindex=${tabbable ? 0 : -1}>
    <span class="done ${row.done ? 'yes' : ''}" aria-hidden="true">${row.done ? '☑' : '☐'}</span>
    <span class="title">${row.title || 'Untitled'}</span>
    <span class="badges">
      ${row.done ? html`<span class="hint">Done.</span>` : nothing}
      ${row.unread ? html`<span class="badge new">New</span>` : nothing}
      ${row.pending > 0 ? html`<span class="badge pending">Not yet synced</span>` : nothing}
      ${row.conflicted ? html`<span class="badge conflicted">Conflict</span>` : nothing}
      ${attachmentBadge(row)}
    </span>
    <span class="snippet">${snippet}</span>
    <span class="meta">
      ${row.tags.length > 0 ? html`${row.tags.map((tag) => `#${tag}`).join(' ')} · ` : nothing}
      ${row.location ? html`<span aria-label="Has a location">📍</span> ` : nothing}
      ${row.track ? html`<span aria-label="Has a GPS track">🧭</span> ` : nothing}
      ${timeFormat.format(row.updatedAt)}
    </span>
  </a>`;
}
