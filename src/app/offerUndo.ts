// Offers to undo something the person just did ("Entry deleted — Undo"). The toast lives on the
// document itself, not in a page, so it outlives the page that made the offer (deleting an entry
// leaves its page). The undo is whatever local write the caller passes: it goes through the
// outbox like any other and works offline.
import '../components/tl-undo-toast';
import type { TlUndoToast, UndoOffer } from '../components/tl-undo-toast';

let toast: TlUndoToast | undefined;

export function offerUndo(offer: UndoOffer): void {
  if (!toast) {
    toast = document.createElement('tl-undo-toast');
    document.body.append(toast);
  }
  toast.show(offer);
}
