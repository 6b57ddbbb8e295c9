import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { EntryRow } from '../db/db';
import { buildMarkdownExport } from './buildExport';
import { escapeMarkdownHtml } from './escapeMarkdownHtml';

// A viewer that renders raw HTML, as GitHub, many editors and static-site generators do.
const viewer = new MarkdownIt({ html: true, linkify: false });
const render = (markdown: string) => viewer.render(markdown);

describe('escapeMarkdownHtml', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    'before <a href="javascript:alert(1)">click</a> after',
    '<javascript:alert(1)>',
    '<!-- hidden --><iframe src="https://evil.example"></iframe>',
    '<div>\n\n*markdown inside*\n\n</div>',
    'text \\\\<b>bold?</b>',
    '> quoted <svg onload=alert(1)>',
    '- list <details open ontoggle=alert(1)>',
    '`unclosed code <img src=x onerror=1>',
  ])('renders %j as text, not HTML', (text) => {
    const html = render(escapeMarkdownHtml(text));
    expect(html).not.toMatch(/<(img|script|a|iframe|div|b|svg|details|!--)[\s>]/i);
    expect(html).toContain('&lt;');
  });

  it('leaves code as written, where a viewer shows it verbatim anyway', () => {
    const text = [
      'Run `a <b> c` then:',
      '',
      '```html',
      '<p class="x">hi</p>',
      '```',
      '',
      '    <indented code>',
      '',
      'and 2 < 3 & 4 > 1',
    ].join('\n');
    const escaped = escapeMarkdownHtml(text);
    expect(escaped).toContain('`a <b> c`');
    expect(escaped).toContain('<p class="x">hi</p>');
    expect(escaped).toContain('    <indented code>');
    expect(escaped).toContain('and 2 \\< 3 & 4 > 1');
    const html = render(escaped);
    expect(html).toContain('<code>a &lt;b&gt; c</code>');
    expect(html).toContain('&lt;p class=&quot;x&quot;&gt;hi&lt;/p&gt;');
    expect(html).toContain('2 &lt; 3 &amp; 4 &gt; 1');
  });

  it('keeps Markdown formatting working', () => {
    expect(render(escapeMarkdownHtml('**bold** and _it_ and [link](https://example.org)'))).toBe(
      '<p><strong>bold</strong> and <em>it</em> and <a href="https://example.org">link</a></p>\n',
    );
  });
});

describe('buildMarkdownExport and HTML', () => {
  it('writes entry bodies so that a viewer shows their HTML as text', () => {
    const entry = {
      id: 'e1',
      notebookId: 'n1',
      title: '<img src=x onerror=alert(1)>',
      body: 'Found <img src=x onerror=alert(document.cookie)> by the shore',
      tags: ['<b>'],
      done: false,
      location: null,
      createdAt: 0,
      updatedAt: 0,
    } as unknown as EntryRow;
    const html = render(buildMarkdownExport({ name: '<script>x</script>' }, [entry], 0));
    expect(html).not.toMatch(/<(img|script|b)[\s>]/i);
    expect(html).toContain('Found &lt;img src=x onerror=alert(document.cookie)&gt; by the shore');
  });
});
