// How many entries a page's profile holds in Tideline's IndexedDB — all of them, or one
// notebook's — read with the raw IndexedDB API, so the app's own code is not part of the check.
// 0 while the database or its entries store does not exist yet.
import type { Page } from '@playwright/test';

export function storedEntryCount(page: Page, notebookId?: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('tideline');
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            resolve(0);
            return;
          }
          const store = db.transaction('entries').objectStore('entries');
          const count = id === null ? store.count() : store.index('notebookId').count(id);
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
          count.onerror = () => resolve(0);
        };
      }),
    notebookId ?? null,
  );
}
