import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { AuthMode } from '../app/session';
import { pageStyles } from '../styles/shared';

export interface OnboardingChoiceDetail {
  mode: AuthMode;
}

const FEATURES = [
  {
    title: 'Works offline',
    text: 'Your notebooks live on this device. Read and write with no connection; changes go out when you are back online.',
  },
  {
    title: 'Shared notebooks',
    text: 'Invite your team with a link. Everyone sees each other’s notes and tasks as they sync.',
  },
  {
    title: 'Background refresh',
    text: 'Installed, Tideline can fetch what changed while it is closed, so it opens up to date.',
  },
  {
    title: 'Alerts',
    text: 'Choose the notebooks that may notify you when a teammate adds or changes something.',
  },
] as const;

/**
 * The first screen on a device where nobody has signed in yet: what Tideline is, in one screen,
 * and the way in (create an account, or sign in).
 *
 * @fires tl-onboarding-choice - `CustomEvent<OnboardingChoiceDetail>`: the user picked a way in.
 */
@customElement('tl-onboarding')
export class TlOnboarding extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .hero {
        display: flex;
        align-items: center;
        gap: 1rem;
        margin-bottom: 0.5rem;
      }
      .hero img {
        width: 56px;
        height: 56px;
        flex: none;
      }
      h1 {
        margin: 0;
      }
      .lead {
        font-size: 1.1rem;
        max-width: 40rem;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 1.25rem 0;
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem;
      }
      li {
        margin: 0;
        border-top: 4px solid var(--tl-accent);
      }
      li.card {
        margin: 0;
      }
      h2 {
        margin: 0 0 0.35rem;
        font-size: 1.05rem;
      }
      li p {
        margin: 0;
        color: var(--tl-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      /* On a phone the way in stays on screen below the features, which get compact. */
      @media (max-width: 40rem) {
        .hero img {
          width: 40px;
          height: 40px;
        }
        h1 {
          font-size: 1.4rem;
        }
        ul {
          gap: 0.5rem;
          margin: 0.75rem 0;
        }
        li.card {
          padding: 0.6rem 0.8rem;
          font-size: 0.95rem;
          border-top-width: 0;
          border-left: 4px solid var(--tl-accent);
        }
        .lead {
          font-size: 1rem;
        }
        li.card p {
          font-size: 0.9rem;
        }
        .actions {
          position: sticky;
          bottom: 0;
          flex-wrap: nowrap;
          gap: 0.5rem;
          padding: 0.75rem 0;
          background: var(--tl-bg);
        }
        .actions button {
          flex: 1 1 auto;
          justify-content: center;
          text-align: center;
          padding: 0.45rem 0.8rem;
          font-size: 0.95rem;
        }
      }
    `,
  ];

  override render() {
    return html`<div class="hero">
        <img src="/icons/tideline.svg" alt="" width="56" height="56" />
        <h1 tabindex="-1">Welcome to Tideline</h1>
      </div>
      <p class="lead">
        Shared notebooks of notes and tasks for your team, that keep working without a network.
      </p>
      <ul>
        ${FEATURES.map(
          (feature) =>
            html`<li class="card">
              <h2>${feature.title}</h2>
              <p>${feature.text}</p>
            </li>`,
        )}
      </ul>
      <div class="actions">
        <button type="button" @click=${() => this._choose('sign-up')}>Get started</button>
        <button type="button" class="secondary" @click=${() => this._choose('sign-in')}>
          I already have an account
        </button>
      </div>`;
  }

  private _choose(mode: AuthMode): void {
    this.dispatchEvent(
      new CustomEvent<OnboardingChoiceDetail>('tl-onboarding-choice', {
        detail: { mode },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-onboarding': TlOnboarding;
  }
}
