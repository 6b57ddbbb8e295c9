import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../api/pushApi', () => ({
  fetchApplicationServerKey: vi.fn(async () => 'server-key'),
  savePushSubscription: vi.fn(async () => undefined),
  deletePushSubscription: vi.fn(async () => undefined),
  subscriptionJson: (json: unknown) => json,
}));
vi.mock('../db/db', () => ({ getDb: () => ({}) }));
vi.mock('../db/meta', () => ({ getMeta: vi.fn(async () => null), setMeta: vi.fn(async () => 0) }));

const { savePushSubscription } = await import('../api/pushApi');
const {
  AlertsStatus,
  PROMPT_OPEN_MESSAGE,
  PUSH_SERVICE_SLOW_MESSAGE,
  PUSH_SERVICE_WAIT_MS,
  PERMISSION_PROMPT_WAIT_MS,
  alertsStore,
  enableAlerts,
} = await import('./alerts');

/** A promise and the function that resolves it later. */
function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const subscription = {
  endpoint: 'https://push.example.test/1',
  toJSON: () => ({ endpoint: 'https://push.example.test/1', keys: { p256dh: 'k', auth: 'a' } }),
  unsubscribe: vi.fn(async () => true),
};

describe('enableAlerts', () => {
  let permission: ReturnType<typeof later<NotificationPermission>>;
  let subscribed: ReturnType<typeof later<typeof subscription>>;

  beforeEach(() => {
    vi.useFakeTimers();
    permission = later();
    subscribed = later();
    vi.stubGlobal('window', { PushManager: class {}, Notification: class {} });
    vi.stubGlobal('Notification', { requestPermission: () => permission.promise });
    vi.stubGlobal('navigator', {
      serviceWorker: {
        ready: Promise.resolve({ pushManager: { subscribe: () => subscribed.promise } }),
      },
    });
    alertsStore.set({ status: AlertsStatus.Off });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('says so when the push service does not answer, and finishes if it answers later', async () => {
    const setup = enableAlerts();
    permission.resolve('granted');
    await vi.advanceTimersByTimeAsync(PUSH_SERVICE_WAIT_MS - 1);
    expect(alertsStore.value.status).toBe(AlertsStatus.Working);
    await vi.advanceTimersByTimeAsync(1);
    expect(alertsStore.value).toEqual({
      status: AlertsStatus.Off,
      error: PUSH_SERVICE_SLOW_MESSAGE,
    });

    subscribed.resolve(subscription);
    await setup;
    expect(savePushSubscription).toHaveBeenCalledOnce();
    expect(alertsStore.value).toEqual({ status: AlertsStatus.On });
  });

  it('says so while the permission prompt stays open', async () => {
    const setup = enableAlerts();
    await vi.advanceTimersByTimeAsync(PERMISSION_PROMPT_WAIT_MS);
    expect(alertsStore.value).toEqual({ status: AlertsStatus.Off, error: PROMPT_OPEN_MESSAGE });
    permission.resolve('denied');
    await setup;
    expect(alertsStore.value).toEqual({ status: AlertsStatus.Blocked });
  });
});
