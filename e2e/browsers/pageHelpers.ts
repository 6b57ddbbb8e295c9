// The in-page half of the cross-browser suite: small helpers that find things through Lit's
// shadow roots (by test id, by role-ish text, by label) and fill fields the way typing does.
// They are plain JavaScript source, not functions, so neither transpilers nor drivers change
// them on the way into Firefox or WebKit: each call to Tab.run gets `h` (these helpers) and
// `args` in scope.
export const PAGE_HELPERS = String.raw`
const h = {
  all(selector, root = document) {
    const found = [];
    const walk = (node) => {
      for (const element of node.querySelectorAll(selector)) found.push(element);
      for (const element of node.querySelectorAll('*')) if (element.shadowRoot) walk(element.shadowRoot);
    };
    walk(root);
    return found;
  },
  text(node = document.body) {
    let out = '';
    const walk = (n) => {
      if (n.nodeType === 3) out += n.nodeValue;
      if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
      if (n.nodeType === 1 && (n.hidden || /^(STYLE|SCRIPT|TEMPLATE)$/.test(n.tagName) || (n.tagName === 'DIALOG' && !n.open))) return;
      if (n.shadowRoot) walk(n.shadowRoot);
      for (const child of n.childNodes) walk(child);
      if (n.nodeType === 1 && /^(P|DIV|LI|TR|H1|H2|H3|SECTION|BUTTON|DT|DD|LABEL)$/.test(n.tagName)) out += ' ';
    };
    walk(node);
    return out.replace(/\s+/g, ' ').trim();
  },
  testid(id) {
    return h.all('[data-testid="' + id + '"]')[0];
  },
  /** A button or link whose own text (spaces squeezed) is exactly name. */
  control(name) {
    return h.all('button, a, [role="button"]').find(
      (element) => h.text(element) === name || element.getAttribute('aria-label') === name,
    );
  },
  heading(level) {
    const found = h.all('h' + level)[0];
    return found ? h.text(found) : undefined;
  },
  /** An input, textarea or select by its label's text (for=, wrapping label, aria-label). */
  field(label) {
    return h.all('input, textarea, select').find((element) => {
      if (element.getAttribute('aria-label') === label) return true;
      const root = element.getRootNode();
      const byFor = element.id && root.querySelector('label[for="' + element.id + '"]');
      const labelEl = byFor || element.closest('label');
      if (!labelEl) return false;
      const text = h.text(labelEl);
      return text === label || text.startsWith(label + ' ') || text.startsWith(label + '*');
    });
  },
  fill(label, value) {
    const element = h.field(label);
    if (!element) throw new Error('no field labelled ' + label);
    element.focus();
    const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(element, value);
    element.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    element.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  },
  /** Reads one key of the app's meta store from a connection of its own. */
  async readMeta(key, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('meta read blocked for ' + timeoutMs + ' ms')), timeoutMs);
      const open = indexedDB.open('tideline');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const request = db.transaction('meta', 'readonly').objectStore('meta').get(key);
        request.onsuccess = () => { clearTimeout(timer); db.close(); resolve(request.result); };
        request.onerror = () => { clearTimeout(timer); db.close(); reject(request.error); };
      };
    });
  },
};
`;
