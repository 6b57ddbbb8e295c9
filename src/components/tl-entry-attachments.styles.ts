// The attachment list's looks: each file's row, its state and its buttons. Beside
// tl-entry-attachments.ts.
import { css } from 'lit';
import { pageStyles } from '../styles/shared';

export const entryAttachmentsStyles = [
  pageStyles,
  css`
    :host {
      display: block;
      padding: 0;
      margin: 1rem 0 0;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
      gap: 0.6rem;
    }
    li {
      border: 1px solid var(--border, #ccc);
      border-radius: 0.5rem;
      padding: 0.4rem;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      font-size: 0.85rem;
      min-width: 0;
    }
    .open {
      all: unset;
      cursor: pointer;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
      min-width: 0;
    }
    .open:focus-visible {
      outline: 2px solid var(--focus, #36c);
      outline-offset: 2px;
    }
    .thumb {
      width: 100%;
      aspect-ratio: 4 / 3;
      object-fit: cover;
      border-radius: 0.35rem;
      background: var(--surface-2, #eee);
      display: grid;
      place-items: center;
      font-size: 1.8rem;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .state {
      color: var(--muted, #666);
    }
    .refused {
      color: var(--danger, #b00020);
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .buttons label {
      cursor: pointer;
    }
    input[type='file'] {
      position: absolute;
      width: 1px;
      height: 1px;
      opacity: 0;
    }
    progress {
      width: 100%;
    }
    li.memo {
      grid-column: 1 / -1;
      flex-direction: row;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.3rem 0.6rem;
    }
    .memo .wave {
      width: 8rem;
      max-width: 35vw;
      height: 2.4rem;
    }
    .memo .length {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    .memo .name {
      flex: 1 1 8rem;
    }
    .memo progress {
      flex: 1 1 100%;
    }
    button.danger {
      background: transparent;
      color: var(--tl-danger);
      border-color: var(--tl-danger);
      padding: 0.25rem 0.8rem;
      align-self: flex-start;
    }
    .memo button.danger {
      margin-left: auto;
      align-self: center;
    }
    tl-voice-recorder {
      margin-top: 0.75rem;
    }
  `,
];
