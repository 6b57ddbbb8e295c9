// What the entry editor says when a write to this device fails: one line above the form and, for
// fields the write refused, a message under each. Pure, so every kind of failure is tested here.
import { EMPTY_ENTRY, type EntryField } from '../protocol/entry';
import { LocalWriteError, LocalWriteErrorCode, QUOTA_MESSAGE, isQuotaError } from '../sync/errors';

export type FieldErrors = Partial<Record<EntryField, string>>;

export interface EntrySaveError {
  /** The line above the form. */
  formError: string;
  /** Per field refused, what is wrong with it; undefined when no field is to blame. */
  errors?: FieldErrors;
}

/** The field an issue path such as `fields.tags.3` points at, if it is an entry field. */
function fieldOf(path: string): EntryField | undefined {
  const field = path.replace(/^fields\./, '').split('.')[0];
  return (Object.keys(EMPTY_ENTRY) as EntryField[]).find((candidate) => candidate === field);
}

export function entrySaveError(error: unknown): EntrySaveError {
  if (isQuotaError(error)) return { formError: `${QUOTA_MESSAGE} Your text is still here.` };
  if (!(error instanceof LocalWriteError)) {
    return {
      formError: `Tideline could not save this entry (${error instanceof Error ? error.message : String(error)}). Your text is still here; try again.`,
    };
  }
  if (error.code !== LocalWriteErrorCode.InvalidArgs || error.issues.length === 0) {
    return { formError: error.message };
  }
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    if (field) errors[field] ??= `${issue.message[0]?.toUpperCase()}${issue.message.slice(1)}.`;
  }
  return {
    formError: 'This entry was not saved. Fix the fields marked below, then save again.',
    errors,
  };
}
