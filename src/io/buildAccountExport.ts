// "Export all data": every notebook on this device in one file — the account, then each notebook
// in the notebook export format (notebookExport.ts), so any one of them imports back as is.
//
//   {"format": "tideline-account", "version": 1, "exportedAt": 1767225600000,
//    "account": {"name", "email"}, "notebooks": [<tideline-notebook export>, …]}
import type { EntryRow, NotebookRow } from '../db/db';
import { buildJsonExport } from './buildExport';
import type { NotebookExport } from './notebookExport';

export const ACCOUNT_EXPORT_FORMAT = 'tideline-account';
export const ACCOUNT_EXPORT_VERSION = 1;

export interface AccountExport {
  format: typeof ACCOUNT_EXPORT_FORMAT;
  version: typeof ACCOUNT_EXPORT_VERSION;
  exportedAt: number;
  account: { name: string; email: string };
  notebooks: (NotebookExport & { role: string })[];
}

export function buildAccountExport(
  account: { name: string; email: string },
  notebooks: readonly { notebook: NotebookRow; entries: readonly EntryRow[] }[],
  now: number = Date.now(),
): AccountExport {
  return {
    format: ACCOUNT_EXPORT_FORMAT,
    version: ACCOUNT_EXPORT_VERSION,
    exportedAt: now,
    account: { name: account.name, email: account.email },
    notebooks: [...notebooks]
      .sort((a, b) => a.notebook.createdAt - b.notebook.createdAt)
      .map(({ notebook, entries }) => ({
        ...buildJsonExport(notebook, entries, now),
        role: notebook.role,
      })),
  };
}
