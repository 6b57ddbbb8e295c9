// Styles shared by Tideline's pages: headings, cards, buttons, form fields, visible focus and
// the little motion there is (only when the user has not asked for reduced motion). Everything
// reads the theme's custom properties from global.css.
import { css } from 'lit';

/**
 * The declarations that hide text from sight but not from screen readers; `.visually-hidden` in
 * pageStyles and dialogStyles, and inside elements' own rules where the class cannot be used.
 */
export const visuallyHiddenRule = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
`;

export const pageStyles = css`
  /* The document's box-sizing rule does not reach into shadow roots. */
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :host {
    display: block;
    max-width: 60rem;
    margin: 0 auto;
    padding: 1.25rem 1rem 3rem;
  }
  @media (max-width: 30rem) {
    :host {
      padding: 1rem 0.75rem 2.5rem;
    }
    .card {
      padding: 0.85rem 0.9rem;
    }
  }
  h1 {
    font-size: 1.6rem;
    line-height: 1.2;
    margin: 0 0 1rem;
  }
  h1:focus {
    outline: none;
  }
  h2 {
    font-size: 1.15rem;
    margin: 1.5rem 0 0.5rem;
  }
  .card > h2:first-child {
    margin-top: 0;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--tl-accent);
  }
  .card {
    background: var(--tl-surface);
    border: 1px solid var(--tl-border);
    border-radius: var(--tl-radius);
    box-shadow: var(--tl-shadow);
    padding: 1rem 1.25rem;
    margin-bottom: 1rem;
  }
  .muted {
    color: var(--tl-muted);
  }
  .empty {
    text-align: center;
    padding: 2.5rem 1rem;
  }
  button,
  .button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    border: 1px solid var(--tl-accent);
    background: var(--tl-accent);
    color: var(--tl-accent-text);
    border-radius: 999px;
    padding: 0.45rem 1.1rem;
    cursor: pointer;
    text-decoration: none;
  }
  button.secondary,
  .button.secondary {
    background: transparent;
    color: var(--tl-accent);
  }
  button:hover:not(:disabled),
  .button:hover {
    filter: brightness(1.08);
  }
  button.secondary:hover:not(:disabled),
  .button.secondary:hover {
    background: var(--tl-accent-soft);
    filter: none;
  }
  @media (prefers-reduced-motion: no-preference) {
    button,
    .button {
      transition:
        background-color var(--tl-motion),
        filter var(--tl-motion);
    }
  }
  button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :is(a, button, input, select, textarea):focus-visible {
    outline: 3px solid var(--tl-focus);
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.75rem 0 0.25rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    width: 100%;
    padding: 0.5rem 0.65rem;
    border: 1px solid var(--tl-border);
    border-radius: 8px;
    background: var(--tl-bg);
    color: var(--tl-text);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.35rem 1rem;
    margin: 0;
  }
  dt {
    color: var(--tl-muted);
  }
  dd {
    margin: 0;
    /* A long value (a build id, a file name) wraps rather than widening a phone's card. */
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .visually-hidden {
    ${visuallyHiddenRule}
  }
`;

/**
 * For an element placed inside a page (a form, a section of Settings, a row): the page's type,
 * cards and controls without the page's own box — no width limit, margin or padding of its own.
 */
export const partStyles = [
  pageStyles,
  css`
    :host {
      padding: 0;
      margin: 0;
      max-width: none;
    }
  `,
];

/** Data tables (Settings' capability report, the activity log): full width, ruled rows, and a
 *  `.table-wrap` that scrolls sideways rather than the page. A \`table.stack\` becomes one block
 *  per row on a phone, each cell on its own line (a cell's \`data-label\` names it there), so
 *  no column is squeezed to a few letters. */
export const tableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.925rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--tl-border);
    vertical-align: top;
  }
  .table-wrap {
    overflow-x: auto;
  }
  @media (max-width: 40rem) {
    table.stack,
    table.stack tbody,
    table.stack tr,
    table.stack th,
    table.stack td {
      display: block;
      width: auto;
    }
    table.stack thead {
      display: block;
      ${visuallyHiddenRule}
    }
    table.stack tr {
      padding: 0.45rem 0;
      border-bottom: 1px solid var(--tl-border);
    }
    table.stack th,
    table.stack td {
      border: 0;
      padding: 0.05rem 0;
    }
    table.stack td[data-label]::before {
      content: attr(data-label) ': ';
      color: var(--tl-muted);
    }
  }
`;
