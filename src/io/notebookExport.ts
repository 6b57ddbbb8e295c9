// Tideline's notebook export file, version 1: the notebook's name and its entries' fields with
// their creation and update times. The schema is the only definition of the format; the exporter
// builds values of its type and the importer accepts what it parses. A later version gets a new
// `version` and a new schema beside this one, never an edit of it.
//
//   {"format": "tideline-notebook", "version": 1, "exportedAt": 1767225600000,
//    "notebook": {"name": "Field notes"},
//    "entries": [{"title", "body", "tags", "done", "location", "track", "due", "createdAt",
//                 "updatedAt"}, …]}
//
// `track` (a GPS track, src/protocol/track.ts) and `due` (a task's due time) came after the first
// files were written; they are optional, so those still read, and an older Tideline drops them
// as unknown keys.
// Before any schema is built: zod without eval in browsers (see zodConfig.ts).
import '../protocol/zodConfig.js';
import { z } from 'zod';
import { entryFieldsSchema } from '../protocol/entry';

export const EXPORT_FORMAT = 'tideline-notebook';
export const EXPORT_VERSION = 1;
/** The most entries one import may create. */
export const MAX_IMPORT_ENTRIES = 200_000;
/** The largest file an import reads (bodies are at most 100 KB each, most far less). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

const fields = entryFieldsSchema.shape;

/** One entry of an export. Missing fields start empty, as a new entry's do; unknown keys are
 *  dropped, so files from other tools that add their own keys still import. */
export const exportedEntrySchema = z.object({
  title: fields.title.default(''),
  body: fields.body.default(''),
  tags: fields.tags.default([]),
  done: fields.done.default(false),
  location: fields.location.default(null),
  track: fields.track.default(null),
  due: fields.due.default(null),
  /** When the entry was created and last changed (ms since the epoch); informational. */
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
});
export type ExportedEntry = z.infer<typeof exportedEntrySchema>;

export const notebookExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.number().optional(),
  notebook: z.object({ name: z.string() }),
  entries: z
    .array(exportedEntrySchema)
    .max(MAX_IMPORT_ENTRIES, `an import can hold at most ${MAX_IMPORT_ENTRIES} entries`),
});
export type NotebookExport = z.infer<typeof notebookExportSchema>;
