// Keyboard shortcuts for the common actions. Single keys, so they only act when the user is not
// typing (a text field, select or editable element has focus), no modifier is held and no dialog
// is open. Pages mark the control a shortcut reaches with `data-shortcut="<action>"`; the shell
// finds it through open shadow roots.
import { deepActiveElement } from '../controllers/ModalController';

export const ShortcutAction = {
  New: 'new',
  Search: 'search',
  Sync: 'sync',
  Help: 'help',
} as const;
export type ShortcutAction = (typeof ShortcutAction)[keyof typeof ShortcutAction];

export interface Shortcut {
  key: string;
  action: ShortcutAction;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    key: 'n',
    action: ShortcutAction.New,
    description: 'New entry (in a notebook) or new notebook',
  },
  { key: '/', action: ShortcutAction.Search, description: 'Search the entries of this notebook' },
  { key: 's', action: ShortcutAction.Sync, description: 'Sync now' },
  { key: '?', action: ShortcutAction.Help, description: 'Show these shortcuts' },
];

const TYPING = /^(INPUT|TEXTAREA|SELECT)$/;

function isTyping(element: HTMLElement | undefined): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  if (!TYPING.test(element.tagName)) return false;
  // Checkboxes, radios and buttons take no text.
  const type = (element as HTMLInputElement).type;
  return !(element.tagName === 'INPUT' && /^(checkbox|radio|button|submit|reset)$/.test(type));
}

function isDialogOpen(root: Document | ShadowRoot): boolean {
  if (root.querySelector('dialog[open]')) return true;
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot && isDialogOpen(element.shadowRoot)) return true;
  }
  return false;
}

/** The shortcut a key press asks for, or undefined when the press is the user typing. */
export function shortcutFor(event: KeyboardEvent): Shortcut | undefined {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const shortcut = SHORTCUTS.find(({ key }) => key === event.key);
  if (!shortcut || isTyping(deepActiveElement())) return undefined;
  if (isDialogOpen(document)) return undefined;
  return shortcut;
}

/** The first element marked `data-shortcut="<action>"`, looking inside open shadow roots. */
export function findShortcutTarget(
  action: ShortcutAction,
  root: Document | ShadowRoot = document,
): HTMLElement | undefined {
  const direct = root.querySelector<HTMLElement>(`[data-shortcut="${action}"]`);
  if (direct) return direct;
  for (const element of root.querySelectorAll('*')) {
    if (!element.shadowRoot) continue;
    const found = findShortcutTarget(action, element.shadowRoot);
    if (found) return found;
  }
  return undefined;
}
