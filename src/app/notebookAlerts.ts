// Alerts per notebook on this device, while alerts are on: which notebooks are muted (from
// GET /api/push/notebooks) and switching one on or off (PUT). A switch shows its new state at
// once and goes back, with the reason in plain words, when the server refuses or is unreachable.
import { describeApiError } from '../api/api';
import { fetchMutedNotebooks, saveNotebookAlerts } from '../api/pushApi';
import { Store } from './Store';

export interface NotebookAlertsState {
  /** False until the muted list has been read from the server. */
  loaded: boolean;
  /** Notebooks this device gets no alerts about. */
  muted: readonly string[];
  /** Notebooks whose switch is being saved. */
  saving: readonly string[];
  /** What went wrong last, in plain words. */
  error?: string;
}

export const notebookAlertsStore = new Store<NotebookAlertsState>({
  loaded: false,
  muted: [],
  saving: [],
});

/** Switches turned on this device so far: a list read before the latest of them is stale. */
let switchesTurned = 0;

export async function loadNotebookAlerts(): Promise<void> {
  const before = switchesTurned;
  try {
    const muted = await fetchMutedNotebooks();
    // Only this device mutes its own notebooks, so a switch turned while the list was on its way
    // is newer than the list: the screen keeps what the user chose.
    if (switchesTurned !== before) {
      notebookAlertsStore.update({ loaded: true });
      return;
    }
    notebookAlertsStore.set({ loaded: true, muted, saving: [] });
  } catch (error) {
    notebookAlertsStore.update({
      error: `Could not read which notebooks alert you: ${describeApiError(error)}`,
    });
  }
}

/** Turns alerts about `notebookId` on or off on this device; `name` words a failure. */
export async function setNotebookAlerts(
  notebookId: string,
  name: string,
  alerts: boolean,
): Promise<void> {
  const withMute = (muted: readonly string[], mute: boolean) =>
    mute
      ? [...muted.filter((id) => id !== notebookId), notebookId]
      : muted.filter((id) => id !== notebookId);
  switchesTurned += 1;
  const { muted, saving } = notebookAlertsStore.value;
  notebookAlertsStore.set({
    loaded: true,
    muted: withMute(muted, !alerts),
    saving: [...saving, notebookId],
  });
  let error: string | undefined;
  try {
    await saveNotebookAlerts(notebookId, alerts);
  } catch (failure) {
    error = `Could not turn alerts ${alerts ? 'on' : 'off'} for “${name}”: ${describeApiError(failure)}`;
  }
  const now = notebookAlertsStore.value;
  notebookAlertsStore.set({
    loaded: true,
    muted: error ? withMute(now.muted, alerts) : now.muted,
    saving: now.saving.filter((id) => id !== notebookId),
    ...(error && { error }),
  });
}
