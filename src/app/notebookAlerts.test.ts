// Alerts per notebook: the list read from the server never undoes a switch the user turned while
// it was on its way; a refused save goes back with the reason.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const server = vi.hoisted(() => ({
  muted: [] as string[],
  /** Resolves the pending GET when called. */
  answers: [] as (() => void)[],
  refuse: false,
}));

vi.mock('../api/pushApi', () => ({
  fetchMutedNotebooks: () =>
    new Promise<string[]>((resolve) => {
      const snapshot = [...server.muted];
      server.answers.push(() => resolve(snapshot));
    }),
  saveNotebookAlerts: async (notebookId: string, alerts: boolean) => {
    if (server.refuse) throw new Error('The server is busy.');
    server.muted = alerts
      ? server.muted.filter((id) => id !== notebookId)
      : [...server.muted, notebookId];
  },
}));

const { loadNotebookAlerts, notebookAlertsStore, setNotebookAlerts } =
  await import('./notebookAlerts');

beforeEach(() => {
  server.muted = [];
  server.answers = [];
  server.refuse = false;
  notebookAlertsStore.set({ loaded: false, muted: [], saving: [] });
});

describe('notebook alerts', () => {
  it('shows the muted list once it is read', async () => {
    server.muted = ['lab'];
    const loading = loadNotebookAlerts();
    server.answers.shift()!();
    await loading;
    expect(notebookAlertsStore.value).toMatchObject({ loaded: true, muted: ['lab'] });
  });

  it('keeps a switch turned while the list was on its way', async () => {
    const loading = loadNotebookAlerts(); // reads [] before the switch is saved
    await setNotebookAlerts('lab', 'Lab book', false);
    expect(server.muted).toEqual(['lab']);
    server.answers.shift()!();
    await loading;
    expect(notebookAlertsStore.value).toMatchObject({ loaded: true, muted: ['lab'], saving: [] });
  });

  it('puts a refused switch back and says why', async () => {
    server.refuse = true;
    await setNotebookAlerts('lab', 'Lab book', false);
    expect(notebookAlertsStore.value.muted).toEqual([]);
    expect(notebookAlertsStore.value.error).toMatch(/Could not turn alerts off for “Lab book”/);
  });
});
