// The entry list's looks: a scrolling viewport, a spacer as tall as every row, and rows placed
// absolutely at fixed heights (listWindow.ts). Beside tl-entry-list.ts.
import { css } from 'lit';
import { visuallyHiddenRule } from '../styles/shared';
import { entryLinkStyles } from './entryLink';
import { ROW_HEIGHT } from './listWindow';

export const entryListStyles = [
  entryLinkStyles,
  css`
    :host {
      display: block;
    }
    .viewport {
      position: relative;
      overflow-y: auto;
      /* As tall as the rows, up to what the window leaves room for. */
      max-height: max(18rem, calc(100vh - 22rem));
      border: 1px solid var(--tl-border);
      border-radius: var(--tl-radius);
      background: var(--tl-surface);
      overscroll-behavior: contain;
    }
    .spacer {
      position: relative;
      width: 100%;
    }
    .row {
      position: absolute;
      top: 0;
      left: 0;
      right: 0;
      height: ${ROW_HEIGHT}px;
      border-bottom: 1px solid var(--tl-border);
      contain: strict;
    }
    .placeholder {
      padding: 0.9rem;
      color: var(--tl-muted);
    }
    .hint {
      ${visuallyHiddenRule}
    }
    .tick-error {
      color: var(--tl-danger);
      margin: 0 0 0.5rem;
    }
  `,
];
