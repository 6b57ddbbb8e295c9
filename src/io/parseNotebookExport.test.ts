import { describe, expect, it } from 'vitest';
import { ImportError, ImportErrorCode } from './ImportError';
import { parseNotebookExport } from './parseNotebookExport';

function refusal(text: string): ImportError {
  try {
    parseNotebookExport(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected the file to be refused');
}

const file = (entries: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'tideline-notebook',
    version: 1,
    notebook: { name: 'Field notes' },
    entries,
    ...extra,
  });

describe('parseNotebookExport', () => {
  it('reads entries, filling missing fields as a new entry has them and dropping unknown keys', () => {
    const parsed = parseNotebookExport(
      file([
        {
          title: 'Buoy',
          body: 'Leak',
          tags: ['sea'],
          done: true,
          due: Date.UTC(2026, 11, 24, 9),
          createdAt: 5,
          id: 'other-tool',
        },
        { title: 'Only a title' },
      ]),
    );
    expect(parsed.notebook.name).toBe('Field notes');
    expect(parsed.entries).toEqual([
      {
        title: 'Buoy',
        body: 'Leak',
        tags: ['sea'],
        done: true,
        location: null,
        track: null,
        due: Date.UTC(2026, 11, 24, 9),
        createdAt: 5,
      },
      {
        title: 'Only a title',
        body: '',
        tags: [],
        done: false,
        location: null,
        track: null,
        due: null,
      },
    ]);
  });

  it.each([
    ['not JSON', 'title,body\nBuoy,Leak', ImportErrorCode.NotJson],
    ['another JSON file', '{"items": []}', ImportErrorCode.NotTideline],
    ['a JSON array', '[1, 2]', ImportErrorCode.NotTideline],
    ['a newer version', file([], { version: 2 }), ImportErrorCode.UnsupportedVersion],
  ])('refuses %s with its own code', (_label, text, code) => {
    expect(refusal(text).code).toBe(code);
  });

  it('says a newer version needs an update', () => {
    expect(refusal(file([], { version: 3 })).message).toMatch(/newer version of Tideline/);
  });

  it('names every entry and field at fault, counting from 1', () => {
    const error = refusal(
      file([{ title: 'fine' }, { title: 'x'.repeat(201) }, { tags: ['ok', ''] }, { done: 'yes' }]),
    );
    expect(error.code).toBe(ImportErrorCode.InvalidEntries);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'entry 2, title',
      'entry 3, tags, 1',
      'entry 4, done',
    ]);
    expect(error.message).toMatch(
      /^Nothing was imported: entry 2, title: title must be at most 200/,
    );
  });

  it('refuses a location outside the globe', () => {
    const error = refusal(file([{ location: { latitude: 91, longitude: 0, accuracy: 5 } }]));
    expect(error.issues[0]?.path).toBe('entry 1, location, latitude');
  });
});
