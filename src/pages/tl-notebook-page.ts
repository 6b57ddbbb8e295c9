import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { pageStyles } from '../styles/shared';

/** One notebook and its entries. */
@customElement('tl-notebook-page')
export class TlNotebookPage extends LitElement {
  @property() notebookId = '';

  static override styles = pageStyles;

  override render() {
    return html`<h1 tabindex="-1">Notebook</h1>
      <div class="card empty" data-testid="notebook-missing">
        <p><strong>This notebook is not on this device.</strong></p>
        <p class="muted">
          Notebook <code>${this.notebookId}</code> has not been downloaded here. Sign in and sync to
          fetch it, or ask its owner for an invite link.
        </p>
        <p><a href="/notebooks">Back to notebooks</a></p>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-notebook-page': TlNotebookPage;
  }
}
