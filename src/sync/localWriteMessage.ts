// Plain words for a refused local write, for the form that made it: a validation problem reads as
// the rule that was broken ("A notebook needs a name."), anything else as the sync core's own
// explanation, which already says what the user can do; a full device says so in plain words.
import { LocalWriteError, LocalWriteErrorCode, QUOTA_MESSAGE, isQuotaError } from './errors';

export function localWriteMessage(error: unknown): string {
  if (error instanceof LocalWriteError) {
    const issue = error.issues[0];
    if (error.code === LocalWriteErrorCode.InvalidArgs && issue) {
      const text = issue.message.trim().replace(/\.$/, '');
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    }
    return error.message;
  }
  if (isQuotaError(error)) return QUOTA_MESSAGE;
  const detail = error instanceof Error ? error.message : String(error);
  return `This device could not save the change (${detail}). Try again; if it keeps failing, reload Tideline.`;
}
