import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PageName } from '../protocol/routes';
import './tl-account-menu';
import { visuallyHiddenRule } from '../styles/shared';

/**
 * The app bar, one row at every width: the Tideline mark, the main navigation with the current
 * page marked, and the account control (sign in, or who is signed in and sign out, and "Install
 * Tideline" while it can be installed), which folds into a menu on a phone. On a narrow phone
 * the mark keeps its name for screen readers but shows only the icon.
 */
@customElement('tl-header')
export class TlHeader extends LitElement {
  /** The page on screen, so its link carries `aria-current="page"`. */
  @property() page: PageName = PageName.Notebooks;

  static override styles = css`
    :host {
      display: block;
      background: var(--tl-header-bg);
      color: var(--tl-header-text);
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.5rem 1rem;
      max-width: 60rem;
      margin: 0 auto;
      padding: 0.6rem 1rem;
    }
    @media (max-width: 30rem) {
      header {
        padding: 0.4rem 0.75rem;
        gap: 0.5rem;
      }
      .brand span {
        ${visuallyHiddenRule}
      }
      nav a {
        padding: 0.35rem 0.6rem;
      }
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      color: inherit;
      font-weight: 700;
      font-size: 1.15rem;
      text-decoration: none;
      margin-right: auto;
    }
    .brand img {
      width: 32px;
      height: 32px;
    }
    nav ul {
      display: flex;
      align-items: center;
      gap: 0.25rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    nav a {
      color: inherit;
      white-space: nowrap;
      text-decoration: none;
      padding: 0.35rem 0.75rem;
      border-radius: 999px;
    }
    nav a:hover {
      background: rgb(255 255 255 / 10%);
    }
    nav a[aria-current='page'] {
      background: rgb(255 255 255 / 18%);
      font-weight: 600;
    }
    a:focus-visible {
      outline: 3px solid var(--tl-header-text);
      outline-offset: 2px;
    }
  `;

  override render() {
    const link = (page: PageName, href: string, label: string) =>
      html`<li>
        <a href=${href} aria-current=${this.page === page ? 'page' : 'false'}>${label}</a>
      </li>`;
    return html`<header>
      <a class="brand" href="/notebooks">
        <img src="/icons/tideline.svg" alt="" width="32" height="32" />
        <span>Tideline</span>
      </a>
      <nav aria-label="Main">
        <ul>
          ${link(PageName.Notebooks, '/notebooks', 'Notebooks')}
          ${link(PageName.Settings, '/settings', 'Settings')}
          <li><tl-account-menu ?current=${this.page === PageName.SignIn}></tl-account-menu></li>
        </ul>
      </nav>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-header': TlHeader;
  }
}
