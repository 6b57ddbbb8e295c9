// The entry editor's looks: the form, the sticky Save bar (one short bar on a phone) and the
// delete dialog. Kept beside tl-entry-editor.ts so the element reads as behaviour.
import { css } from 'lit';
import { partStyles } from '../styles/shared';

export const entryEditorStyles = [
  ...partStyles,
  css`
    textarea {
      min-height: 10rem;
      resize: vertical;
    }
    .row {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      align-items: baseline;
    }
    .count {
      font-size: 0.8rem;
    }
    .check {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      margin-top: 1rem;
      font-weight: 600;
    }
    .check input {
      width: 1.2rem;
      height: 1.2rem;
    }
    .error {
      color: var(--tl-danger);
      margin: 0.25rem 0 0;
    }
    .due {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .due input {
      width: auto;
    }
    [aria-invalid='true'] {
      border-color: var(--tl-danger);
    }
    /* Save stays in reach at the bottom of the screen however long the entry is. */
    .actions {
      position: sticky;
      bottom: 0;
      z-index: 2;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 0.75rem;
      align-items: center;
      margin-top: 1.25rem;
      padding: 0.6rem 0 max(0.6rem, env(safe-area-inset-bottom));
      background: var(--tl-surface);
      border-top: 1px solid var(--tl-border);
    }
    .danger {
      background: transparent;
      color: var(--tl-danger);
      border-color: var(--tl-danger);
      margin-left: auto;
    }
    .status {
      font-size: 0.9rem;
    }
    /* A phone: Save, the save state in small print, Delete — one short bar. */
    @media (max-width: 30rem) {
      .actions {
        flex-wrap: nowrap;
      }
      .actions button {
        flex: none;
        padding-inline: 0.9rem;
      }
      .status {
        flex: 1 1 auto;
        min-width: 0;
        font-size: 0.8rem;
        line-height: 1.3;
      }
    }
    .pending {
      color: var(--tl-warn);
    }
    .synced {
      color: var(--tl-ok);
    }
    dialog {
      border: 1px solid var(--tl-border);
      border-radius: var(--tl-radius);
      background: var(--tl-surface);
      color: var(--tl-text);
      max-width: 28rem;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 40%);
    }
  `,
];
