import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { TidelineDB } from '../db/db';
import { formatDuration } from '../format/formatDuration';
import { chooseRecorderFormat } from './recorderFormat';
import { RecorderErrorCode, recorderErrorFrom } from './RecorderError';
import {
  assembleRecording,
  beginRecording,
  markStopped,
  saveChunk,
  unsavedRecordings,
} from './recordingStore';
import { saveRecording, type MemoToAttach } from './saveRecording';
import { levelOf } from './VoiceRecorder';
import { waveformBars } from './waveform';

describe('chooseRecorderFormat', () => {
  const supports =
    (...types: string[]) =>
    (type: string) =>
      types.includes(type);

  it('records Opus in WebM where the browser does (Chromium, Firefox)', () => {
    const format = chooseRecorderFormat({
      isTypeSupported: supports('audio/webm;codecs=opus', 'audio/mp4'),
      vendor: 'Google Inc.',
    });
    expect(format?.mimeType).toBe('audio/webm;codecs=opus');
    expect(format?.needsDurationFix).toBe(true);
  });

  it('records MP4 in Safari even though it claims WebM too', () => {
    const format = chooseRecorderFormat({
      isTypeSupported: supports('audio/webm;codecs=opus', 'audio/mp4'),
      vendor: 'Apple Computer, Inc.',
    });
    expect(format?.mimeType).toBe('audio/mp4');
  });

  it('falls back to what there is, and to null with nothing', () => {
    expect(
      chooseRecorderFormat({ isTypeSupported: supports('audio/ogg;codecs=opus'), vendor: '' })
        ?.mimeType,
    ).toBe('audio/ogg;codecs=opus');
    expect(chooseRecorderFormat({ isTypeSupported: () => false, vendor: '' })).toBeNull();
    expect(chooseRecorderFormat(null)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('reads like a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(161_000)).toBe('2:41');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});

describe('levels and waveform', () => {
  it('maps silence to 0 and a full-scale signal to 1', () => {
    expect(levelOf(new Float32Array(64))).toBe(0);
    expect(levelOf(new Float32Array(64).fill(1))).toBe(1);
    const quiet = levelOf(new Float32Array(64).fill(0.01));
    expect(quiet).toBeGreaterThan(0.2);
    expect(quiet).toBeLessThan(0.5);
  });

  it('keeps the loudest sample of each span', () => {
    expect(waveformBars([0.1, 0.9, 0.2, 0.3, 0.5, 0.4], 3)).toEqual([0.9, 0.3, 0.5]);
    expect(waveformBars([0.5], 64)).toEqual([0.5]);
    expect(waveformBars([], 64)).toEqual([]);
  });
});

describe('recorderErrorFrom', () => {
  it('tells a refused microphone from a missing or busy one', () => {
    expect(recorderErrorFrom(new DOMException('no', 'NotAllowedError')).code).toBe(
      RecorderErrorCode.Denied,
    );
    expect(recorderErrorFrom(new DOMException('none', 'NotFoundError')).code).toBe(
      RecorderErrorCode.NoMicrophone,
    );
    expect(recorderErrorFrom(new DOMException('busy', 'NotReadableError')).code).toBe(
      RecorderErrorCode.Unavailable,
    );
  });
});

describe('a recording on the device', () => {
  let db: TidelineDB | undefined;
  afterEach(async () => {
    db?.close();
    if (db) await db.delete();
  });

  async function recordSeconds(seconds: number, entryId: string | null = 'e1') {
    db = new TidelineDB(`memos-${Math.random()}`);
    await beginRecording(db, {
      id: 'r1',
      notebookId: 'n1',
      entryId,
      mimeType: 'audio/ogg;codecs=opus',
      startedAt: Date.UTC(2026, 11, 4, 9, 30),
    });
    for (let second = 1; second <= seconds; second += 1) {
      await saveChunk(db, {
        recordingId: 'r1',
        seq: second,
        data: new Blob([new Uint8Array(100).fill(second)]),
        endMs: second * 1000,
        levels: [second / 10],
      });
    }
    return db;
  }

  it('keeps every saved second and its length, without being stopped', async () => {
    const store = await recordSeconds(3);
    const [left] = await unsavedRecordings(store);
    expect(left).toMatchObject({ id: 'r1', state: 'recording', elapsedMs: 3000 });
    const assembled = await assembleRecording(store, 'r1');
    const audio = new Blob(assembled!.parts);
    expect(audio.size).toBe(300);
    expect(assembled?.durationMs).toBe(3000);
    expect(assembled?.levels).toEqual([0.1, 0.2, 0.3]);
    const bytes = new Uint8Array(await audio.arrayBuffer());
    expect([bytes[0], bytes[100], bytes[299]]).toEqual([1, 2, 3]);
  });

  it('is attached once as a memo, then forgotten; a second save attaches nothing', async () => {
    const store = await recordSeconds(2);
    await markStopped(store, 'r1');
    const attached: MemoToAttach[] = [];
    const deps = {
      createEntry: () => Promise.reject(new Error('not a new entry')),
      hasAttachment: (id: string) => Promise.resolve(attached.some((memo) => memo.id === id)),
      attach: (memo: MemoToAttach) => {
        attached.push(memo);
        return Promise.resolve();
      },
    };
    const saved = await saveRecording(store, 'r1', deps);
    expect(saved).toEqual({ entryId: 'e1', attachmentId: 'r1', durationMs: 2000 });
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({
      id: 'r1',
      entryId: 'e1',
      durationMs: 2000,
      type: 'audio/ogg;codecs=opus',
      name: 'Voice memo 2026-12-04 09.30.ogg',
    });
    expect(attached[0]!.blob.size).toBe(200);
    expect(await unsavedRecordings(store)).toEqual([]);
    expect(await store.voiceChunks.count()).toBe(0);
  });

  it('makes the entry of a new memo once, even when the save is cut short after it', async () => {
    const store = await recordSeconds(1, null);
    let made = 0;
    const deps = {
      createEntry: async (recording: { id: string }, title: string) => {
        made += 1;
        expect(title).toBe('Voice memo (0:01)');
        await store.voiceRecordings.update(recording.id, { entryId: 'new-entry' });
        return 'new-entry';
      },
      hasAttachment: () => Promise.resolve(false),
      attach: () => Promise.reject(new Error('quota exceeded')),
    };
    await expect(saveRecording(store, 'r1', deps)).rejects.toThrow('quota exceeded');
    // The recording is still there, now pointing at its entry; the next try reuses it.
    expect((await store.voiceRecordings.get('r1'))?.entryId).toBe('new-entry');
    const saved = await saveRecording(store, 'r1', { ...deps, attach: () => Promise.resolve() });
    expect(saved?.entryId).toBe('new-entry');
    expect(made).toBe(1);
  });

  it('forgets a recording with no audio', async () => {
    const store = await recordSeconds(0);
    const saved = await saveRecording(store, 'r1', {
      createEntry: () => Promise.resolve('x'),
      hasAttachment: () => Promise.resolve(false),
      attach: () => Promise.reject(new Error('must not attach')),
    });
    expect(saved).toBeNull();
    expect(await store.voiceRecordings.count()).toBe(0);
  });
});
