import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { pageStyles } from '../styles/shared';

/** Shown for a path Tideline has no page for. */
@customElement('tl-not-found-page')
export class TlNotFoundPage extends LitElement {
  @property() path = '';

  static override styles = pageStyles;

  override render() {
    return html`<h1 tabindex="-1">Page not found</h1>
      <div class="card empty">
        <p>There is no page at <code>${this.path}</code>.</p>
        <p><a href="/notebooks">Go to your notebooks</a></p>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-not-found-page': TlNotFoundPage;
  }
}
