// The error state of a page that could not read this device's database: what happened, in the
// browser's words, and what to do. A function rather than an element, like entryLink.ts.
import { html, type TemplateResult } from 'lit';

export function loadError(what: string, error: unknown): TemplateResult {
  const detail = error instanceof Error ? error.message : String(error);
  return html`<div class="card" role="alert" data-testid="load-error">
    <p><strong>Tideline could not read ${what} on this device.</strong></p>
    <p class="muted">${detail}</p>
    <p>Reload the page to try again. If it keeps happening, the browser’s storage may be full.</p>
  </div>`;
}
