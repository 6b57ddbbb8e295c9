// Listens for Tideline's single-key shortcuts (src/app/shortcuts.ts) on the document while its
// host — the shell — is connected, and carries them out: `n` a new entry in the notebook on
// screen (elsewhere the new-notebook field), `/` the page's search field, `s` sync now, `?` the
// list of shortcuts.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { router } from '../router/router';
import { PageName, pathFor, type RouteMatch } from '../protocol/routes';
import { ShortcutAction, findShortcutTarget, shortcutFor } from '../app/shortcuts';

export interface ShortcutsHost {
  /** The page on screen. */
  route(): RouteMatch;
  signedIn(): boolean;
  showHelp(): void;
  /** Resolves once the page the shell shows has rendered. */
  pageRendered(): Promise<void>;
}

export class ShortcutsController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly shell: ShortcutsHost,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('keydown', this._onKeyDown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this._onKeyDown);
  }

  private readonly _onKeyDown = (event: KeyboardEvent): void => {
    const shortcut = shortcutFor(event);
    if (!shortcut || !this._run(shortcut.action)) return;
    event.preventDefault();
  };

  /** Carries out an action; false when it does not apply here (the key then does nothing). */
  private _run(action: ShortcutAction): boolean {
    const signedIn = this.shell.signedIn();
    switch (action) {
      case ShortcutAction.Help:
        this.shell.showHelp();
        return true;
      case ShortcutAction.Sync:
        // The sync engine is loaded by then (someone is signed in); its module is not in the shell.
        if (signedIn) void import('../app/sync').then(({ syncNow }) => syncNow());
        return signedIn;
      case ShortcutAction.New:
        return signedIn && this._new();
      case ShortcutAction.Search: {
        const target = findShortcutTarget(ShortcutAction.Search);
        target?.focus();
        return target !== undefined;
      }
    }
  }

  private _new(): boolean {
    const { page, params } = this.shell.route();
    const notebookId = params.notebookId;
    if ((page === PageName.Notebook || page === PageName.Entry) && notebookId) {
      // In a notebook the user may only read, its page shows no "New entry".
      if (page === PageName.Notebook && !findShortcutTarget(ShortcutAction.New)) return false;
      router.navigate(pathFor(PageName.Entry, { notebookId, entryId: 'new' }));
      return true;
    }
    if (page !== PageName.Notebooks) router.navigate('/notebooks');
    void this.shell.pageRendered().then(() => findShortcutTarget(ShortcutAction.New)?.focus());
    return true;
  }
}
