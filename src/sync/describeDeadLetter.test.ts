import { describe, expect, it } from 'vitest';
import type { DeadLetterRow } from '../db/db';
import { describeChange, describeRejection } from './describeDeadLetter';

function letter(patch: Partial<DeadLetterRow>): DeadLetterRow {
  return {
    mutationId: 1,
    name: 'notebook.rename',
    args: { id: 'n1', name: 'Trip 2026' },
    notebookId: 'n1',
    entityId: 'n1',
    createdAt: 0,
    code: 'not-found',
    message: 'Notebook n1 does not exist or you are not a member',
    at: 0,
    ...patch,
  };
}

describe('describeChange', () => {
  it('names the notebook when it is still known', () => {
    expect(describeChange(letter({}), 'Trip')).toBe('Rename “Trip” to “Trip 2026”');
    expect(describeChange(letter({}), undefined)).toBe('Rename a notebook to “Trip 2026”');
  });

  it('tells a new entry from a change to one', () => {
    const put = { name: 'entry.put', notebookId: 'n1' };
    expect(
      describeChange(
        letter({ ...put, args: { baseVersion: 0, fields: { title: 'Buoy' } } }),
        'Log',
      ),
    ).toBe('New entry “Buoy” in “Log”');
    expect(describeChange(letter({ ...put, args: { baseVersion: 3, fields: {} } }), 'Log')).toBe(
      'Change to entry in “Log”',
    );
  });
});

describe('describeRejection', () => {
  it('explains a refusal by code, without the ids in the server’s message', () => {
    expect(describeRejection(letter({}))).not.toContain('n1');
  });

  it('continues the server’s reason for a permission refusal', () => {
    expect(
      describeRejection(
        letter({ code: 'forbidden', message: 'Viewers cannot change entries in this notebook' }),
      ),
    ).toBe(
      'You are not allowed to make this change: viewers cannot change entries in this notebook. If the notebook’s owner gives you more access, retry it; otherwise discard it.',
    );
  });
});
