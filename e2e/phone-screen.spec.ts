// A phone's screen (390 × 844, touch) used for the work rather than for chrome: the status bar is
// one line, a notebook shows at least 8 of its entries on first sight, and the entry editor has
// its title ready to type and Create/Save in reach without scrolling, however long the text.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import {
  addEntries,
  createNotebook,
  openNotebook,
  signUp,
  teamTest as test,
} from './fixtures/team';

const VIEWPORT = { width: 390, height: 844 };
test.use({ viewport: VIEWPORT, isMobile: true, hasTouch: true });

interface StatusBarLayout {
  /** Every piece of visible text (shadow roots included), one rectangle per line it wraps
   *  onto: on one line they all share a band. */
  lines: { top: number; bottom: number; text: string }[];
  /** The bar's height inside its padding… */
  contentHeight: number;
  /** …and its tallest item's: in one row of items, the same. */
  tallestItem: number;
}

function statusBarLayout(page: Page): Promise<StatusBarLayout> {
  return page.evaluate(`(() => {
    const find = (root) => {
      const found = root.querySelector('tl-status-bar');
      if (found) return found;
      for (const element of root.querySelectorAll('*')) {
        const inner = element.shadowRoot && find(element.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const bar = find(document);
    const lines = [];
    const walk = (root) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const rect of range.getClientRects()) {
            if (rect.width > 1 && rect.height > 1) {
              lines.push({ top: rect.top, bottom: rect.bottom, text: node.textContent.trim() });
            }
          }
        }
        if (node.nodeType === Node.ELEMENT_NODE) {
          const style = getComputedStyle(node);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          // Text kept for screen readers only (clipped to 1 px) takes no line on the screen.
          if (node.getBoundingClientRect().width <= 1) continue;
          if (node.shadowRoot) walk(node.shadowRoot);
        }
        walk(node);
      }
    };
    walk(bar.shadowRoot);
    const row = bar.shadowRoot.querySelector('.bar');
    const style = getComputedStyle(row);
    const contentHeight =
      row.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const tallestItem = Math.max(...[...row.children].map((item) => item.getBoundingClientRect().height));
    return { lines, contentHeight, tallestItem };
  })()`);
}

type Box = { x: number; y: number; width: number; height: number };
const SCREEN: Box = { x: 0, y: 0, ...VIEWPORT };

/** Whether the element's whole box is on the screen as it is now (and inside `clip`, the box
 *  of a scrolling container it is in). */
async function fullyOnScreen(locator: Locator, clip: Box = SCREEN): Promise<boolean> {
  const box = await locator.boundingBox();
  if (!box) return false;
  return [SCREEN, clip].every(
    (area) =>
      box.y >= area.y &&
      box.x >= area.x &&
      box.y + box.height <= area.y + area.height &&
      box.x + box.width <= area.x + area.width,
  );
}

function scrollTop(page: Page): Promise<number> {
  return page.evaluate('document.scrollingElement.scrollTop');
}

test('on a phone the status bar is one line, 8+ entries fit, and Save is always in reach', async ({
  page,
  baseURL,
}) => {
  // The notebook is the first page opened: offline use is set up there, and its news ("Ready to
  // work offline") shares the status bar's one line.
  await signUp(page, baseURL!, 'Pia');
  const notebookId = await createNotebook(page, baseURL!, 'Field log');
  const [firstId] = await addEntries(
    page,
    baseURL!,
    notebookId,
    Array.from({ length: 20 }, (_, index) => ({ title: `Reading ${index + 1}`, body: 'Calm.' })),
  );

  // The notebook on first sight: no scrolling, the status bar on one line, 8 or more entries.
  await openNotebook(page, notebookId, 'Field log');
  const rows = page.getByTestId('entry-row');
  // The list draws only the rows near the screen; wait until it has drawn some.
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId('worker-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 20_000,
  });

  expect(await scrollTop(page)).toBe(0);
  const { lines, contentHeight, tallestItem } = await statusBarLayout(page);
  expect(lines.length).toBeGreaterThan(0);
  expect(contentHeight, 'status bar items in more than one row').toBeLessThanOrEqual(
    tallestItem + 0.5,
  );
  const sharedTop = Math.max(...lines.map((line) => line.top));
  const sharedBottom = Math.min(...lines.map((line) => line.bottom));
  expect(
    sharedTop,
    `status bar texts on more than one line: ${JSON.stringify(lines)}`,
  ).toBeLessThan(sharedBottom);
  await expect
    .poll(
      async () => {
        const list = (await page.getByTestId('entry-list').boundingBox())!;
        let shown = 0;
        for (const row of await rows.all()) if (await fullyOnScreen(row, list)) shown += 1;
        return shown;
      },
      { message: 'entry rows wholly on the screen' },
    )
    .toBeGreaterThanOrEqual(8);
  expect(await scrollTop(page)).toBe(0);

  // A new entry: the title has focus and Create is on the screen, also under a long text.
  await page.getByRole('link', { name: 'New entry' }).tap();
  await expect(page.getByRole('heading', { level: 1, name: 'New entry' })).toBeVisible();
  const title = page.getByLabel('Title', { exact: true });
  await expect(title).toBeFocused();
  const create = page.getByRole('button', { name: 'Create entry' });
  await expect(create).toBeVisible();
  expect(await scrollTop(page)).toBe(0);
  expect(await fullyOnScreen(create), 'Create entry on the screen').toBe(true);
  await title.fill('Long reading');
  const body = page.getByLabel('Text', { exact: true });
  const lines40 = Array.from({ length: 40 }, (_, index) => `Line ${index + 1} of the reading`);
  await body.fill(lines40.slice(0, 39).join('\n'));
  // The last line typed, so the browser follows the caret as it would for the person.
  await body.press('End');
  await body.pressSequentially(`\n${lines40[39]}`);
  expect(await fullyOnScreen(create), 'Create entry on the screen under 40 lines').toBe(true);

  // An existing entry: Save is on the screen as the editor opens.
  await page.goto(`/notebooks/${notebookId}/entries/${firstId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Reading 1' })).toBeVisible();
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeVisible();
  expect(await scrollTop(page)).toBe(0);
  expect(await fullyOnScreen(save), 'Save on the screen').toBe(true);
});
