import { describe, expect, it } from 'vitest';
import { parsePushPoke } from './parsePushPoke';

const NOTEBOOK = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('parsePushPoke', () => {
  it('reads a full poke', () => {
    const poke = {
      type: 'poke',
      notebookId: NOTEBOOK,
      version: 42,
      notebookName: 'Trail survey',
      by: 'Ana',
      changes: 3,
    };
    expect(parsePushPoke(JSON.stringify(poke))).toEqual(poke);
  });

  it('reads a bare poke and lower-cases the notebook id', () => {
    expect(
      parsePushPoke(
        JSON.stringify({ type: 'poke', notebookId: NOTEBOOK.toUpperCase(), version: 1 }),
      ),
    ).toEqual({ type: 'poke', notebookId: NOTEBOOK, version: 1 });
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['an empty payload', ''],
    ['plain text', 'You have new entries'],
    ['truncated JSON', '{"type":"poke","notebookId":'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['an array', JSON.stringify([{ type: 'poke', notebookId: NOTEBOOK, version: 1 }])],
    ['another message type', JSON.stringify({ type: 'hello', notebookId: NOTEBOOK, version: 1 })],
    [
      'a notebook id that is not a UUID',
      JSON.stringify({ type: 'poke', notebookId: 'n1', version: 1 }),
    ],
    ['a negative version', JSON.stringify({ type: 'poke', notebookId: NOTEBOOK, version: -1 })],
    ['a version as text', JSON.stringify({ type: 'poke', notebookId: NOTEBOOK, version: '7' })],
    ['the old alert shape', JSON.stringify({ title: 'Field notes', body: 'x', url: '/' })],
  ])('returns undefined for %s', (_, text) => {
    expect(parsePushPoke(text)).toBeUndefined();
  });

  it('keeps the notebook and version when a hint is malformed, dropping only that hint', () => {
    const poke = parsePushPoke(
      JSON.stringify({
        type: 'poke',
        notebookId: NOTEBOOK,
        version: 5,
        notebookName: 'Trail survey',
        by: 'x'.repeat(5000),
        changes: 0,
        extra: { nested: true },
      }),
    );
    expect(poke).toEqual({
      type: 'poke',
      notebookId: NOTEBOOK,
      version: 5,
      notebookName: 'Trail survey',
    });
  });
});
