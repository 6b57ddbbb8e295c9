// Styles for Tideline's modal dialogs (native <dialog>): a card in the top layer with a dimmed
// backdrop, a header with the title and a close button, and a row of actions.
import { css } from 'lit';
import { visuallyHiddenRule } from './shared';

export const dialogStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 2rem));
    max-height: calc(100dvh - 2rem);
    overflow-y: auto;
    border: 1px solid var(--tl-border);
    border-radius: var(--tl-radius);
    box-shadow: var(--tl-shadow);
    background: var(--tl-surface);
    color: var(--tl-text);
    padding: 1.25rem;
  }
  dialog::backdrop {
    background: var(--tl-backdrop);
  }
  .dialog-header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 1rem;
  }
  .dialog-header h2 {
    margin: 0 0 0.75rem;
    font-size: 1.2rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .dialog-header button {
    flex-shrink: 0;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-top: 1.25rem;
  }
  button.danger {
    background: var(--tl-danger);
    border-color: var(--tl-danger);
    color: var(--tl-danger-text);
  }
  button.link {
    border: 0;
    background: none;
    color: var(--tl-accent);
    padding: 0.25rem;
    text-decoration: underline;
  }
  .error {
    color: var(--tl-danger);
  }
  .visually-hidden {
    ${visuallyHiddenRule}
  }
`;

/** Lists of people or links inside a dialog: one row per item, its actions at the end. */
export const dialogListStyles = css`
  h3 {
    font-size: 1rem;
    margin: 1.25rem 0 0.5rem;
  }
  h3:focus {
    outline: none;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--tl-border);
  }
  .item {
    margin-right: auto;
    display: flex;
    flex-direction: column;
    min-width: 0;
    /* Names and e-mail addresses are one long word each. */
    overflow-wrap: anywhere;
  }
  .item small,
  .muted {
    color: var(--tl-muted);
  }
  select {
    width: auto;
    max-width: 100%;
  }
  li button,
  .row button {
    padding: 0.25rem 0.8rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .row input {
    flex: 1 1 14rem;
  }
  label {
    margin-top: 0.25rem;
  }
`;
