// Reads an export file's text into entries to import, or says exactly what is wrong with it.
// Checks run from the outside in — JSON at all, a Tideline export, a version this build reads,
// then every entry — so the message matches the mistake (a CSV file is "not a Tideline export",
// not "entries: expected array").
import type { z } from 'zod';
import { ImportError, ImportErrorCode, type ImportIssue } from './ImportError';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  MAX_IMPORT_BYTES,
  notebookExportSchema,
  type NotebookExport,
} from './notebookExport';

/** Issues listed in an error; the rest are counted. */
const ISSUES_SHOWN = 5;

function describePath(path: readonly PropertyKey[]): string {
  const [first, index, ...rest] = path;
  if (first === 'entries' && typeof index === 'number') {
    return [`entry ${index + 1}`, ...rest.map(String)].join(', ');
  }
  return path.map(String).join('.') || 'file';
}

function issuesOf(error: z.ZodError): ImportIssue[] {
  return error.issues.map((issue) => ({ path: describePath(issue.path), message: issue.message }));
}

export function parseNotebookExport(text: string): NotebookExport {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new ImportError(
      ImportErrorCode.TooLarge,
      `This file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split the notebook into smaller exports.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError(
      ImportErrorCode.NotJson,
      'This file is not a Tideline export: it is not JSON. Choose a .json file exported from Tideline.',
    );
  }
  const head = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (head.format !== EXPORT_FORMAT) {
    throw new ImportError(
      ImportErrorCode.NotTideline,
      'This JSON file is not a Tideline export. Choose a file made with “Export as JSON”.',
    );
  }
  if (head.version !== EXPORT_VERSION) {
    const newer = typeof head.version === 'number' && head.version > EXPORT_VERSION;
    throw new ImportError(
      ImportErrorCode.UnsupportedVersion,
      newer
        ? 'This export was made by a newer version of Tideline. Update Tideline (reload it) and try again.'
        : `This export's version (${String(head.version)}) is not one Tideline can read.`,
    );
  }
  const parsed = notebookExportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const shown = issues
      .slice(0, ISSUES_SHOWN)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    const more = issues.length > ISSUES_SHOWN ? ` (and ${issues.length - ISSUES_SHOWN} more)` : '';
    throw new ImportError(
      ImportErrorCode.InvalidEntries,
      `Nothing was imported: ${shown}${more}. Fix the file and import it again.`,
      issues,
    );
  }
  return parsed.data;
}
