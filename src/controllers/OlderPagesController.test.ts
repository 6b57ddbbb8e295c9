import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { OlderPagesController, type OlderPage } from './OlderPagesController';

class FakeHost implements ReactiveControllerHost {
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(_controller: ReactiveController): void {}
  removeController(_controller: ReactiveController): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
}

/** A server list of `total` numbers, newest first, `size` a page; `before` is a number. */
function server(total: number, size: number) {
  const asked: (number | undefined)[] = [];
  const fetchPage = (before: number | undefined): Promise<OlderPage<number>> => {
    asked.push(before);
    const top = before ?? total + 1;
    const items = Array.from({ length: Math.min(size, top - 1) }, (_, i) => top - 1 - i);
    const last = items.at(-1);
    return Promise.resolve({ items, nextBefore: last !== undefined && last > 1 ? last : null });
  };
  return { asked, fetchPage };
}

function controller() {
  const host = new FakeHost();
  const pages = new OlderPagesController<number>(
    host,
    (error) => `Could not list: ${String(error)}`,
  );
  return { host, pages };
}

describe('OlderPagesController', () => {
  it('loads the first page, then older pages after it until there are none', async () => {
    const { pages } = controller();
    const { asked, fetchPage } = server(5, 2);
    await pages.load(fetchPage);
    expect(pages.items).toEqual([5, 4]);
    expect(pages.nextBefore).toBe(4);
    await pages.load(fetchPage, { more: true });
    await pages.load(fetchPage, { more: true });
    expect(pages.items).toEqual([5, 4, 3, 2, 1]);
    expect(pages.nextBefore).toBeNull();
    expect(asked).toEqual([undefined, 4, 2]);
  });

  it('starts again from the newest page when not asked for more', async () => {
    const { pages } = controller();
    const { fetchPage } = server(5, 2);
    await pages.load(fetchPage);
    await pages.load(fetchPage, { more: true });
    await pages.load(fetchPage);
    expect(pages.items).toEqual([5, 4]);
  });

  it('runs one load at a time', async () => {
    const { pages } = controller();
    const { asked, fetchPage } = server(5, 2);
    await Promise.all([pages.load(fetchPage), pages.load(fetchPage, { more: true })]);
    expect(asked).toEqual([undefined]);
    expect(pages.loading).toBe(false);
  });

  it('drops a page the caller no longer wants, and keeps what it shows', async () => {
    const { pages } = controller();
    const { fetchPage } = server(5, 2);
    await pages.load(fetchPage);
    await pages.load(fetchPage, { more: true, accept: () => false });
    expect(pages.items).toEqual([5, 4]);
    expect(pages.nextBefore).toBe(4);
    expect(pages.loading).toBe(false);
  });

  it('says why a load failed, keeps the items, and clears the error on the next load', async () => {
    const { host, pages } = controller();
    const { fetchPage } = server(5, 2);
    await pages.load(fetchPage);
    await pages.load(() => Promise.reject(new Error('offline')), { more: true });
    expect(pages.error).toBe('Could not list: Error: offline');
    expect(pages.items).toEqual([5, 4]);
    await pages.load(fetchPage, { more: true });
    expect(pages.error).toBe('');
    expect(host.updates).toBeGreaterThan(0);
  });

  it('starts over for another list: no older page from the last one, a late page dropped', async () => {
    const { pages } = controller();
    const first = server(5, 2);
    await pages.load(first.fetchPage);
    expect(pages.nextBefore).toBe(4);
    let arrive!: (page: OlderPage<number>) => void;
    const late = pages.load(() => new Promise<OlderPage<number>>((resolve) => (arrive = resolve)), {
      more: true,
    });
    pages.reset();
    expect(pages.items).toEqual([]);
    expect(pages.nextBefore).toBeNull();
    expect(pages.loading).toBe(false);
    // The other list's first page loads at once, not after the old list's older page.
    const other = server(3, 2);
    await pages.load(other.fetchPage, { more: true });
    expect(other.asked).toEqual([undefined]);
    expect(pages.items).toEqual([3, 2]);
    arrive({ items: [99], nextBefore: 50 });
    await late;
    expect(pages.items).toEqual([3, 2]);
    expect(pages.nextBefore).toBe(2);
  });
});
