import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { pageStyles } from '../styles/shared';

/** The list of notebooks kept on this device. */
@customElement('tl-notebooks-page')
export class TlNotebooksPage extends LitElement {
  static override styles = pageStyles;

  override render() {
    return html`<h1 tabindex="-1">Notebooks</h1>
      <div class="card empty" data-testid="notebooks-empty">
        <p><strong>No notebooks on this device yet.</strong></p>
        <p class="muted">
          Notebooks you create or join are kept here, so they open even without a network.
        </p>
        <p><a href="/sign-in">Sign in to get your team's notebooks</a></p>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebooks-page': TlNotebooksPage;
  }
}
