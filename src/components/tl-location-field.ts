import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  LocationError,
  LocationErrorCode,
  getCurrentLocation,
  locationPermission,
} from '../geo/currentLocation';
import { describeLocation, mapUrl } from '../geo/describeLocation';
import type { Location } from '../protocol/entry';
import { partStyles } from '../styles/shared';

/**
 * An entry's location: shows it with a map link, adds the device's current position on request
 * ("Add my location") and removes it. When the site may not use location, it says how to allow
 * it; and it says plainly that the web cannot record location in the background.
 *
 * @fires location-change - `CustomEvent<Location | null>` with the new location (null: removed).
 */
@customElement('tl-location-field')
export class TlLocationField extends LitElement {
  @property({ attribute: false }) location: Location | null = null;
  @property({ type: Boolean }) disabled = false;

  @state() private busy = false;
  @state() private error: LocationError | undefined;

  static override styles = [
    ...partStyles,
    css`
      fieldset {
        border: 1px solid var(--tl-border);
        border-radius: var(--tl-radius);
        padding: 0.5rem 1rem 1rem;
        margin: 1rem 0 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      .value {
        font-variant-numeric: tabular-nums;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .problem {
        border-left: 4px solid var(--tl-warn);
        padding: 0.5rem 0.75rem;
        margin: 0.75rem 0;
        background: color-mix(in srgb, var(--tl-warn) 8%, transparent);
      }
      .problem ol {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .note {
        font-size: 0.85rem;
        margin: 0.75rem 0 0;
      }
    `,
  ];

  override render() {
    const { location } = this;
    return html`<fieldset>
      <legend>Location</legend>
      ${
        location
          ? html`<p class="value" data-testid="location-value">${describeLocation(location)}</p>
              <p>
                <a
                  href=${mapUrl(location)}
                  target="_blank"
                  rel="noopener noreferrer"
                  data-testid="location-map"
                  >Open this place in OpenStreetMap</a
                >
              </p>`
          : html`<p class="muted" data-testid="location-none">No location recorded.</p>`
      }
      <div class="actions">
        <button
          type="button"
          class="secondary"
          ?disabled=${this.disabled || this.busy}
          aria-busy=${this.busy ? 'true' : 'false'}
          @click=${this._onLocate}
        >
          ${this.busy ? 'Finding your location…' : location ? 'Use my current location' : 'Add my location'}
        </button>
        ${
          location
            ? html`<button
                type="button"
                class="secondary"
                ?disabled=${this.disabled}
                @click=${this._onRemove}
              >
                Remove location
              </button>`
            : nothing
        }
      </div>
      ${this._renderProblem()}
      <p class="note muted">
        Tideline records where you are only when you press the button, while it is open: the web
        cannot record location in the background.
      </p>
    </fieldset>`;
  }

  private _renderProblem() {
    const { error } = this;
    if (!error) return nothing;
    if (error.code !== LocationErrorCode.Denied) {
      return html`<p class="problem" role="alert" data-testid="location-error">
        ${error.message}
      </p>`;
    }
    return html`<div class="problem" role="alert" data-testid="location-denied">
      <p><strong>${error.message}</strong> To allow it:</p>
      <ol>
        <li>
          Open this site's settings: select the icon at the left of the address bar (on a phone, the
          browser menu, then “Site settings”).
        </li>
        <li>Set <em>Location</em> to <em>Allow</em>.</li>
        <li>
          Check that location is on in your device's settings, then press “Add my location” again.
        </li>
      </ol>
    </div>`;
  }

  private async _onLocate(): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      // A refusal remembered by the browser fails at once, without a prompt: explain it directly.
      if ((await locationPermission()) === 'denied') {
        throw new LocationError(LocationErrorCode.Denied);
      }
      this._emit(await getCurrentLocation());
    } catch (error) {
      this.error =
        error instanceof LocationError ? error : new LocationError(LocationErrorCode.Unavailable);
    } finally {
      this.busy = false;
    }
  }

  private _onRemove(): void {
    this.error = undefined;
    this._emit(null);
  }

  private _emit(location: Location | null): void {
    this.dispatchEvent(
      new CustomEvent<Location | null>('location-change', {
        detail: location,
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tl-location-field': TlLocationField;
  }
}
