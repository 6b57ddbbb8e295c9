import { describe, expect, it } from 'vitest';
import { LocalWriteError, LocalWriteErrorCode, QUOTA_MESSAGE } from '../sync/errors';
import { entrySaveError } from './entrySaveError';

describe('entrySaveError', () => {
  it('marks each refused field once, with the first issue about it', () => {
    const error = new LocalWriteError(LocalWriteErrorCode.InvalidArgs, 'invalid', [
      { path: 'fields.tags.3', message: 'tag is too long' },
      { path: 'fields.tags.4', message: 'tag is empty' },
      { path: 'fields.title', message: 'title is too long' },
      { path: 'notebookId', message: 'not an id' },
    ]);
    expect(entrySaveError(error)).toEqual({
      formError: 'This entry was not saved. Fix the fields marked below, then save again.',
      errors: { tags: 'Tag is too long.', title: 'Title is too long.' },
    });
  });

  it('says a full disk in words and leaves the field marks alone', () => {
    const error = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(entrySaveError(error)).toEqual({
      formError: `${QUOTA_MESSAGE} Your text is still here.`,
    });
  });

  it('passes on a local write error that names no field', () => {
    const error = new LocalWriteError(LocalWriteErrorCode.InvalidArgs, 'Entry is read only');
    expect(entrySaveError(error)).toEqual({ formError: 'Entry is read only' });
  });

  it('wraps anything else with what the person can do', () => {
    expect(entrySaveError(new Error('boom')).formError).toBe(
      'Tideline could not save this entry (boom). Your text is still here; try again.',
    );
  });
});
