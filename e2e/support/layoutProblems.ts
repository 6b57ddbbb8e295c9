// Finds what a narrow screen does wrong, in the page as rendered: boxes wider than the screen,
// content wider than its box (a control whose label does not fit, a row that scrolls sideways),
// and words broken across lines (a button that reads "Clos" / "e", a table cell one letter wide).
// It walks the composed tree (open shadow roots included), so Lit components are checked inside.
// `layoutProblems` runs in the page (pass it to page.evaluate); it returns one line per problem.

export function layoutProblems(): string[] {
  const viewport = document.documentElement.clientWidth;
  const problems: string[] = [];
  /** Rounding: layout works in fractions of a pixel. */
  const SLACK = 1;
  const WORD_CHAR = /[\p{L}\p{N}]/u;

  const describe = (element: Element): string => {
    const parts: string[] = [];
    let node: Element | null = element;
    while (node && parts.length < 4) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += `#${node.id}`;
      const classes = [...node.classList].slice(0, 2);
      if (classes.length) part += `.${classes.join('.')}`;
      parts.unshift(part);
      const parent: Element | null = node.parentElement;
      node = parent ?? ((node.getRootNode() as ShadowRoot).host || null);
    }
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return `${parts.join(' > ')}${text ? ` “${text}”` : ''}`;
  };

  const visuallyHidden = (style: CSSStyleDeclaration, rect: DOMRect): boolean =>
    (rect.width <= 1 || rect.height <= 1) &&
    (style.clip === 'rect(0px, 0px, 0px, 0px)' ||
      style.clipPath.startsWith('inset(50%') ||
      style.overflow === 'hidden');

  /** Text laid out inside a word: the next letter sits on a later line than the one before. */
  const checkText = (text: Text, parent: Element): void => {
    const value = text.data;
    if (value.trim().length < 2) return;
    const range = document.createRange();
    let previous: DOMRect | undefined;
    let previousIsWord = false;
    for (let index = 0; index < value.length; index += 1) {
      const isWord = WORD_CHAR.test(value[index]!);
      if (!isWord) {
        previousIsWord = false;
        previous = undefined;
        continue;
      }
      range.setStart(text, index);
      range.setEnd(text, index + 1);
      const rect = [...range.getClientRects()].find((box) => box.width > 0);
      if (!rect) {
        previousIsWord = false;
        previous = undefined;
        continue;
      }
      if (previousIsWord && previous && rect.top >= previous.bottom - SLACK) {
        const word = value.slice(0, index).split(/\s/).pop()! + value.slice(index).split(/\s/)[0]!;
        problems.push(`word broken across lines: “${word}” in ${describe(parent)}`);
        return;
      }
      previous = rect;
      previousIsWord = true;
    }
  };

  const visit = (element: Element, clipped: boolean): void => {
    const style = getComputedStyle(element);
    if (style.display === 'none') return;
    // A select's options are drawn by the browser, outside the page's layout.
    if (element instanceof HTMLOptionElement || element instanceof HTMLOptGroupElement) return;
    const rect = element.getBoundingClientRect();
    const contents = style.display === 'contents';
    if (!contents && visuallyHidden(style, rect)) return;
    const shown = style.visibility !== 'hidden' && !contents && rect.width > 0 && rect.height > 0;

    if (shown && element instanceof HTMLElement) {
      // A skip link waits off screen on purpose, wholly out of sight until focused.
      const parked =
        (style.position === 'absolute' || style.position === 'fixed') &&
        (rect.right <= 0 || rect.left >= viewport);
      if (!clipped && !parked && (rect.left < -SLACK || rect.right > viewport + SLACK)) {
        problems.push(
          `beyond the screen (${Math.round(rect.left)}–${Math.round(rect.right)} of ${viewport} px): ${describe(element)}`,
        );
      }
      const ellipsis = style.textOverflow === 'ellipsis' && style.overflowX === 'hidden';
      if (
        !ellipsis &&
        element.clientWidth > 0 &&
        element.scrollWidth > element.clientWidth + SLACK &&
        // An <input>'s value scrolls inside it, as typed text does; a select shows its choice
        // cut short.
        !(
          element instanceof HTMLInputElement ||
          element instanceof HTMLTextAreaElement ||
          element instanceof HTMLSelectElement
        )
      ) {
        problems.push(
          `content wider than its box (${element.scrollWidth} > ${element.clientWidth} px): ${describe(element)}`,
        );
      }
    }
    if (shown && style.whiteSpace !== 'nowrap' && style.whiteSpace !== 'pre') {
      for (const child of element.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) checkText(child as Text, element);
      }
    } else if (contents) {
      for (const child of element.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) checkText(child as Text, element);
      }
    }
    // Inside a box that clips or scrolls, a child past the screen edge is the box's problem,
    // reported above as content wider than the box.
    const clipsChildren = clipped || (!contents && style.overflowX !== 'visible');
    const root = element.shadowRoot;
    if (root) for (const child of root.children) visit(child, clipsChildren);
    for (const child of element.children) visit(child, clipsChildren);
  };

  visit(document.documentElement, false);
  return [...new Set(problems)];
}
