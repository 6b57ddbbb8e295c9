import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { pathFor, PageName } from '../router/routes';
import { pageStyles } from '../styles/shared';

/** One entry of a notebook: its note or task, tags and location. */
@customElement('tl-entry-page')
export class TlEntryPage extends LitElement {
  @property() notebookId = '';
  @property() entryId = '';

  static override styles = pageStyles;

  override render() {
    const back = this.notebookId
      ? pathFor(PageName.Notebook, { notebookId: this.notebookId })
      : '/notebooks';
    return html`<h1 tabindex="-1">Entry</h1>
      <div class="card empty" data-testid="entry-missing">
        <p><strong>This entry is not on this device.</strong></p>
        <p class="muted">Entry <code>${this.entryId}</code> has not been downloaded here yet.</p>
        <p><a href=${back}>Back to the notebook</a></p>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-entry-page': TlEntryPage;
  }
}
