// Turns a notebook's entries into the two export files: JSON in the versioned format of
// notebookExport.ts (for importing back), and Markdown for people (one section per entry).
// Pure functions over rows, so they run anywhere and are tested in Node.
import type { EntryRow } from '../db/db';
import { describeLocation, mapUrl } from '../geo/describeLocation';
import { escapeMarkdownHtml } from './escapeMarkdownHtml';
import { EXPORT_FORMAT, EXPORT_VERSION, type NotebookExport } from './notebookExport';

/** Entries oldest first: an export reads like the notebook was written. */
function byCreation(entries: readonly EntryRow[]): EntryRow[] {
  return [...entries].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function buildJsonExport(
  notebook: { name: string },
  entries: readonly EntryRow[],
  now: number = Date.now(),
): NotebookExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    notebook: { name: notebook.name },
    entries: byCreation(entries).map((entry) => ({
      title: entry.title,
      body: entry.body,
      tags: [...entry.tags],
      done: entry.done,
      location: entry.location,
      track: entry.track ?? null,
      due: entry.due ?? null,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    })),
  };
}

/** Escapes the characters that would turn a title into Markdown syntax. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, '\\$1').replace(/\s+/g, ' ');
}

export function buildMarkdownExport(
  notebook: { name: string },
  entries: readonly EntryRow[],
  now: number = Date.now(),
): string {
  const count = entries.length;
  const lines = [
    `# ${inline(notebook.name)}`,
    '',
    `_Exported from Tideline on ${new Date(now).toISOString()}: ${count} ${count === 1 ? 'entry' : 'entries'}._`,
  ];
  for (const entry of byCreation(entries)) {
    lines.push('', `## ${inline(entry.title) || 'Untitled'}`, '');
    lines.push(`- [${entry.done ? 'x' : ' '}] Done`);
    if (entry.due != null) lines.push(`- Due: ${new Date(entry.due).toISOString()}`);
    if (entry.tags.length > 0) {
      lines.push(`- Tags: ${entry.tags.map((tag) => `\`${tag.replace(/`/g, "'")}\``).join(', ')}`);
    }
    if (entry.location) {
      lines.push(`- Location: [${describeLocation(entry.location)}](${mapUrl(entry.location)})`);
    }
    lines.push(`- Created: ${new Date(entry.createdAt).toISOString()}`);
    if (entry.body.trim()) lines.push('', escapeMarkdownHtml(entry.body.trimEnd()));
  }
  return `${lines.join('\n')}\n`;
}
