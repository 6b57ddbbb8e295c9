// The app shell's looks: the skip link, the main area, the footer (with its shortcuts button)
// and the opening screen. Beside tl-app.ts.
import { css } from 'lit';

export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
  }
  .skip {
    position: absolute;
    left: -999px;
  }
  .skip:focus {
    left: 1rem;
    top: 1rem;
    z-index: 20;
    background: var(--tl-surface);
    color: var(--tl-text);
    padding: 0.5rem 1rem;
    border-radius: var(--tl-radius);
  }
  main {
    flex: 1;
  }
  main:focus {
    outline: none;
  }
  footer {
    box-sizing: border-box;
    max-width: 60rem;
    width: 100%;
    margin: 0 auto;
    padding: 0.5rem 1rem 1.5rem;
    font-size: 0.875rem;
    color: var(--tl-muted);
  }
  footer button {
    font: inherit;
    color: var(--tl-accent);
    background: none;
    border: 0;
    padding: 0.25rem;
    text-decoration: underline;
    cursor: pointer;
  }
  footer button:focus-visible {
    outline: 3px solid var(--tl-focus);
    outline-offset: 2px;
  }
  kbd {
    font-family: ui-monospace, monospace;
  }
  .opening {
    max-width: 60rem;
    margin: 0 auto;
    padding: 1.25rem 1rem;
    color: var(--tl-muted);
  }
`;
