// The notebook page's looks: its heading row (name, New entry, Export, import), the summary, the
// recorders side by side, and the export/import panel. Beside tl-notebook-page.ts.
import { css } from 'lit';
import { pageStyles } from '../styles/shared';

export const notebookPageStyles = [
  pageStyles,
  css`
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      margin-bottom: 0.25rem;
    }
    .head h1 {
      margin: 0 auto 0 0;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .head .actions {
      display: flex;
      gap: 0.5rem;
    }
    .head .button,
    .head button {
      white-space: nowrap;
    }
    button.menu[aria-expanded='true'] {
      background: var(--tl-bg);
    }
    .summary {
      margin-bottom: 0.75rem;
    }
    /* A memo and a track start side by side; one being recorded takes the whole row. */
    .recorders {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.5rem 1rem;
      margin-bottom: 0.75rem;
    }
    .recorders > * {
      flex: 0 1 auto;
      min-width: 0;
    }
    .recorders > [recording] {
      flex-basis: 100%;
    }
    .menu-panel {
      margin-bottom: 1rem;
    }
    .menu-panel[hidden] {
      display: none;
    }
    @media (max-width: 30rem) {
      .head h1 {
        font-size: 1.35rem;
      }
    }
    .error {
      color: var(--tl-danger);
    }
  `,
];
