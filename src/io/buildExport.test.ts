import { describe, expect, it } from 'vitest';
import type { EntryRow } from '../db/db';
import { encodeTrackPoints } from '../protocol/trackCodec';
import { buildJsonExport, buildMarkdownExport } from './buildExport';
import { parseNotebookExport } from './parseNotebookExport';

function entry(id: string, fields: Partial<EntryRow>): EntryRow {
  return {
    id,
    notebookId: 'n1',
    title: '',
    body: '',
    tags: [],
    done: false,
    doneKey: 0,
    location: null,
    track: null,
    due: null,
    version: 1,
    fieldVersions: {},
    conflicted: false,
    createdAt: 1000,
    updatedAt: 1000,
    createdBy: 'u1',
    updatedBy: 'u1',
    deleted: false,
    pending: 0,
    unread: false,
    ...fields,
  };
}

const entries = [
  entry('b', {
    title: 'Heron *nest*',
    body: 'Two chicks\n\nin the reeds',
    tags: ['birds', 'nest'],
    done: true,
    location: { latitude: 59.3293, longitude: 18.0686, accuracy: 12.4 },
    track: {
      points: encodeTrackPoints([
        { lat: 59.3293, lon: 18.0686, t: 1000, ele: 12, acc: 5 },
        { lat: 59.3301, lon: 18.0702, t: 61_000, ele: 14, acc: 6 },
      ]),
      gaps: [{ after: 0, from: 2000, to: 60_000, cause: 'hidden' }],
    },
    createdAt: 2000,
  }),
  entry('a', { title: '', createdAt: 1000 }),
];

describe('buildJsonExport', () => {
  it('writes the versioned format, oldest entry first, and reads back as it was', () => {
    const data = buildJsonExport({ name: 'Birds' }, entries, 5000);
    expect(data).toMatchObject({
      format: 'tideline-notebook',
      version: 1,
      exportedAt: 5000,
      notebook: { name: 'Birds' },
    });
    expect(data.entries.map((e) => e.createdAt)).toEqual([1000, 2000]);
    // A GPS track goes with its entry: nothing recorded is dropped by a round trip.
    expect(data.entries[1]?.track?.gaps).toHaveLength(1);
    expect(parseNotebookExport(JSON.stringify(data))).toEqual(data);
  });
});

describe('buildMarkdownExport', () => {
  it('writes one section per entry with done, tags, a map link and the text', () => {
    const text = buildMarkdownExport({ name: 'Birds' }, entries, Date.UTC(2026, 0, 2));
    expect(text).toContain(
      '# Birds\n\n_Exported from Tideline on 2026-01-02T00:00:00.000Z: 2 entries._',
    );
    expect(text).toContain('## Untitled\n\n- [ ] Done\n');
    expect(text).toContain(
      '## Heron \\*nest\\*\n\n- [x] Done\n- Tags: `birds`, `nest`\n' +
        '- Location: [59.32930, 18.06860 (± 12 m)](https://www.openstreetmap.org/?mlat=59.32930&mlon=18.06860#map=16/59.32930/18.06860)\n',
    );
    expect(text).toContain('\n\nTwo chicks\n\nin the reeds\n');
    expect(text.indexOf('## Untitled')).toBeLessThan(text.indexOf('## Heron'));
  });
});
