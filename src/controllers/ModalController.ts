// Opens a native <dialog> modally and gives focus back when it closes. showModal() already keeps
// focus inside (the rest of the page becomes inert) and closes on Escape; this adds what browsers
// do not all promise: focus moves to a chosen control on open and returns to the control that
// opened the dialog on close — or, when that control has gone (a deleted row's button), to a
// fallback the host names.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The focused element, looking inside shadow roots (document.activeElement stops at a host). */
export function deepActiveElement(): HTMLElement | undefined {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

export interface ModalOpenOptions {
  /** The control to focus once open (default: the browser's choice, the first focusable). */
  focus?: () => HTMLElement | null | undefined;
  /** Where focus goes on close when the opener is no longer in the page. */
  fallback?: () => HTMLElement | null | undefined;
}

export class ModalController implements ReactiveController {
  private opener: HTMLElement | undefined;
  private fallback: ModalOpenOptions['fallback'];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly dialog: () => HTMLDialogElement | null | undefined,
  ) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.dialog()?.open ?? false;
  }

  async open(options: ModalOpenOptions = {}): Promise<void> {
    await this.host.updateComplete;
    const dialog = this.dialog();
    if (!dialog || dialog.open) return;
    this.opener = deepActiveElement();
    this.fallback = options.fallback;
    dialog.addEventListener('close', this._onClose, { once: true });
    dialog.showModal();
    options.focus?.()?.focus();
  }

  close(): void {
    const dialog = this.dialog();
    if (dialog?.open) dialog.close();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }

  private readonly _onClose = (): void => {
    const opener = this.opener;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
    else this.fallback?.()?.focus();
    this.host.requestUpdate();
  };
}
