// The account menu's looks: the account button, and on a phone (below MENU_BREAKPOINT) one menu
// button whose panel drops down inside the screen. Beside tl-account-menu.ts.
import { css, unsafeCSS } from 'lit';
import { visuallyHiddenRule } from '../styles/shared';

/** Below this width the account and install controls fold into the header's menu. */
export const MENU_BREAKPOINT = '40rem';

export const accountMenuStyles = css`
  :host {
    display: inline-flex;
    align-items: center;
    position: relative;
  }
  .panel {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  a,
  button.sign-out,
  button.menu {
    font: inherit;
    color: inherit;
    text-decoration: none;
    padding: 0.35rem 0.75rem;
    border-radius: 999px;
    white-space: nowrap;
  }
  a[aria-current='page'] {
    background: rgb(255 255 255 / 18%);
    font-weight: 600;
  }
  button.sign-out,
  button.menu {
    border: 1px solid rgb(255 255 255 / 55%);
    background: transparent;
    cursor: pointer;
  }
  button.menu {
    display: none;
    align-items: center;
    gap: 0.4rem;
    padding: 0.3rem 0.6rem;
  }
  .bars {
    display: inline-grid;
    gap: 3px;
  }
  .bars span {
    display: block;
    width: 1rem;
    height: 2px;
    background: currentColor;
  }
  button.sign-out:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  .who {
    max-width: 12rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .who small {
    display: none;
  }
  a:focus-visible,
  button:focus-visible {
    outline: 3px solid var(--tl-header-text);
    outline-offset: 2px;
  }
  .error {
    position: absolute;
    top: calc(100% + 0.5rem);
    right: 0;
    z-index: 15;
    width: min(22rem, calc(100vw - 2rem));
    margin: 0;
    padding: 0.75rem 1rem;
    background: var(--tl-surface);
    color: var(--tl-danger);
    border: 1px solid var(--tl-danger);
    border-radius: var(--tl-radius);
    box-shadow: var(--tl-shadow);
  }
  .error button {
    font: inherit;
    margin-left: 0.5rem;
    background: none;
    border: 0;
    color: var(--tl-accent);
    text-decoration: underline;
    cursor: pointer;
  }
  /* The narrowest phones: the three bars alone, named "Menu" for screen readers. */
  @media (max-width: 24rem) {
    button.menu {
      padding: 0.5rem 0.6rem;
    }
    button.menu .word {
      ${visuallyHiddenRule}
    }
  }
  /* A phone: one menu button; the panel drops down from it, inside the screen. */
  @media (max-width: ${unsafeCSS(MENU_BREAKPOINT)}) {
    button.menu {
      display: inline-flex;
    }
    .panel {
      position: absolute;
      top: calc(100% + 0.5rem);
      right: 0;
      z-index: 15;
      width: min(18rem, calc(100vw - 1.5rem));
      flex-direction: column;
      align-items: stretch;
      gap: 0.25rem;
      padding: 0.5rem;
      background: var(--tl-surface);
      color: var(--tl-text);
      border: 1px solid var(--tl-border);
      border-radius: var(--tl-radius);
      box-shadow: var(--tl-shadow);
    }
    /* Hidden, not display: none, so the install button's dialogs (which opt back into
       visibility) can still open while the menu is closed. */
    .panel:not(.open) {
      visibility: hidden;
    }
    .who {
      max-width: none;
      display: flex;
      flex-direction: column;
      padding: 0.25rem 0.5rem 0.5rem;
      border-bottom: 1px solid var(--tl-border);
    }
    .who small {
      display: block;
      color: var(--tl-muted);
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .panel a,
    .panel button.sign-out {
      text-align: left;
      border: 0;
      border-radius: calc(var(--tl-radius) / 2);
      padding: 0.55rem 0.5rem;
      color: var(--tl-accent);
      font-weight: 600;
    }
    .panel a[aria-current='page'] {
      background: var(--tl-bg);
    }
    .panel :is(a, button):hover {
      background: var(--tl-bg);
    }
    .panel :is(a, button):focus-visible,
    .panel tl-install-button::part(button):focus-visible {
      outline-color: var(--tl-focus);
    }
    .panel tl-install-button::part(button) {
      width: 100%;
      text-align: left;
      border: 0;
      border-radius: calc(var(--tl-radius) / 2);
      padding: 0.55rem 0.5rem;
      background: transparent;
      color: var(--tl-accent);
      font-weight: 600;
    }
    .error {
      position: static;
      width: auto;
      box-shadow: none;
    }
  }
`;
