// Makes text safe to put in a Markdown file as written: a Markdown viewer renders raw HTML
// (`<img src=x onerror=…>`, `<script>`, `<!-- -->`, `<a href="javascript:…">`) and autolinks
// (`<javascript:…>`) as HTML, so every `<` that would start one is escaped (`\<`, which reads as
// a plain "<"). Code is left alone, as a viewer shows it verbatim and never as HTML: fenced
// blocks (``` or ~~~), indented blocks after a blank line, and `inline code` spans.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const INDENTED = /^( {4}|\t)/;

/** Escapes `<` outside inline code spans on one line. */
function escapeLine(line: string): string {
  let out = '';
  let index = 0;
  while (index < line.length) {
    const char = line[index] as string;
    if (char === '`') {
      const run = /^`+/.exec(line.slice(index))?.[0] ?? '`';
      const close = findClosingRun(line, index + run.length, run.length);
      if (close !== -1) {
        out += line.slice(index, close + run.length);
        index = close + run.length;
        continue;
      }
      out += run;
      index += run.length;
      continue;
    }
    // A backslash escape stays as it is: `\<` is already safe, and in `\\<` the `<` is escaped next.
    if (char === '\\' && index + 1 < line.length) {
      out += line.slice(index, index + 2);
      index += 2;
      continue;
    }
    out += char === '<' ? '\\<' : char;
    index += 1;
  }
  return out;
}

/** Where a backtick run of exactly `length` starts at or after `from`, or -1. */
function findClosingRun(line: string, from: number, length: number): number {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    if (match[0].length === length) return match.index;
  }
  return -1;
}

export function escapeMarkdownHtml(text: string): string {
  const lines = text.split('\n');
  let fence: string | undefined;
  let previousBlank = true;
  let inIndentedCode = false;
  return lines
    .map((line) => {
      const blank = line.trim() === '';
      let result: string;
      const opener = FENCE.exec(line)?.[1];
      if (fence !== undefined) {
        if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length) {
          fence = undefined;
        }
        result = line;
      } else if (opener !== undefined) {
        fence = opener;
        result = line;
      } else if (INDENTED.test(line) && (previousBlank || inIndentedCode)) {
        inIndentedCode = true;
        result = line;
      } else {
        if (!blank) inIndentedCode = false;
        result = escapeLine(line);
      }
      previousBlank = blank;
      return result;
    })
    .join('\n');
}
