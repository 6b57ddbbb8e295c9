// Records one voice memo: the microphone through MediaRecorder, in the format this browser records
// well (recorderFormat.ts), with a chunk handed over about once a second and saved to the device
// at once (recordingStore.ts). It measures loudness for the level meter and the waveform, and
// keeps the elapsed time, pausing included.
//
//   idle ──start()──▶ starting ──mic granted──▶ recording ⇄ paused
//                         │ refused                 │ stop(), max length, mic gone
//                         ▼                         ▼
//                       idle (RecorderError)      saving ──last chunk saved──▶ idle
//
// Timers run on setInterval, not animation frames: a hidden page keeps recording (the browser
// slows the timer to about once a second, which is all the notification needs).
import type { TidelineDB } from '../db/db';
import { uuidv7 } from '../sync/uuid';
import { RecorderError, RecorderErrorCode, recorderErrorFrom } from './RecorderError';
import { browserFormatEnvironment, chooseRecorderFormat } from './recorderFormat';
import { beginRecording, markStopped, saveChunk } from './recordingStore';

export const TIMESLICE_MS = 1000;
export const LEVEL_INTERVAL_MS = 100;

export type RecorderState = 'idle' | 'starting' | 'recording' | 'paused' | 'saving';

export interface RecorderSnapshot {
  state: RecorderState;
  recordingId: string | undefined;
  notebookId: string | undefined;
  entryId: string | null;
  elapsedMs: number;
  /** Current loudness, 0–1. */
  level: number;
  /** Why the last recording stopped by itself, if it did. */
  stoppedBecause: 'max-length' | 'microphone-ended' | undefined;
}

export interface StartOptions {
  notebookId: string;
  /** The entry to add the memo to; null makes a new entry when the memo is saved. */
  entryId: string | null;
  /** Stop by itself after this long. */
  maxMs: number;
}

const IDLE: RecorderSnapshot = {
  state: 'idle',
  recordingId: undefined,
  notebookId: undefined,
  entryId: null,
  elapsedMs: 0,
  level: 0,
  stoppedBecause: undefined,
};

/** Loudness of one analyser frame on a 0–1 scale spanning -60 dBFS to 0 dBFS. */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms <= 0) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(rms) + 60) / 60));
}

export class VoiceRecorder {
  private snapshot: RecorderSnapshot = IDLE;
  private readonly listeners = new Set<(snapshot: RecorderSnapshot) => void>();
  private stream: MediaStream | undefined;
  private recorder: MediaRecorder | undefined;
  private audio: AudioContext | undefined;
  private analyser: AnalyserNode | undefined;
  private frame: Float32Array<ArrayBuffer> | undefined;
  private ticker: number | undefined;
  private levels: number[] = [];
  private seq = 0;
  private accumulatedMs = 0;
  private activeSince: number | undefined;
  private saving: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;
  private maxMs = Infinity;

  constructor(private readonly db: TidelineDB) {}

  get current(): RecorderSnapshot {
    return this.snapshot;
  }

  subscribe(listener: (snapshot: RecorderSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot);
    return () => this.listeners.delete(listener);
  }

  /** Asks for the microphone (only now, on the person's press) and starts recording. */
  async start(options: StartOptions): Promise<string> {
    if (this.snapshot.state !== 'idle') throw new RecorderError(RecorderErrorCode.Busy);
    const format = chooseRecorderFormat(browserFormatEnvironment());
    if (!format) throw new RecorderError(RecorderErrorCode.Unsupported);
    this.set({
      ...IDLE,
      state: 'starting',
      notebookId: options.notebookId,
      entryId: options.entryId,
    });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      this.set(IDLE);
      throw recorderErrorFrom(error);
    }
    const id = uuidv7();
    try {
      await beginRecording(this.db, {
        id,
        notebookId: options.notebookId,
        entryId: options.entryId,
        mimeType: format.mimeType,
        startedAt: Date.now(),
      });
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      this.set(IDLE);
      throw error;
    }
    this.stream = stream;
    this.maxMs = options.maxMs;
    this.seq = 0;
    this.levels = [];
    this.accumulatedMs = 0;
    this.activeSince = performance.now();
    this.listenForLevels(stream);

    const recorder = new MediaRecorder(stream, { mimeType: format.mimeType });
    this.recorder = recorder;
    recorder.addEventListener('dataavailable', (event) => this.keep(id, event.data));
    this.stopped = new Promise((resolve) => recorder.addEventListener('stop', () => resolve()));
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => void this.stop('microphone-ended'));
    }
    recorder.start(TIMESLICE_MS);
    this.ticker = window.setInterval(() => this.tick(), LEVEL_INTERVAL_MS);
    this.set({ ...this.snapshot, state: 'recording', recordingId: id, elapsedMs: 0 });
    return id;
  }

  pause(): void {
    if (this.snapshot.state !== 'recording' || !this.recorder) return;
    this.recorder.pause();
    this.accumulatedMs = this.elapsed();
    this.activeSince = undefined;
    this.set({ ...this.snapshot, state: 'paused', level: 0 });
  }

  resume(): void {
    if (this.snapshot.state !== 'paused' || !this.recorder) return;
    this.recorder.resume();
    this.activeSince = performance.now();
    this.set({ ...this.snapshot, state: 'recording' });
  }

  /**
   * Stops and waits until the last chunk is saved. Resolves with the recording's id (to be
   * saved as a memo), or undefined when nothing was being recorded.
   */
  async stop(because?: RecorderSnapshot['stoppedBecause']): Promise<string | undefined> {
    const { state, recordingId } = this.snapshot;
    if ((state !== 'recording' && state !== 'paused') || !recordingId) return undefined;
    this.accumulatedMs = this.elapsed();
    this.activeSince = undefined;
    this.set({
      ...this.snapshot,
      state: 'saving',
      elapsedMs: this.accumulatedMs,
      stoppedBecause: because,
    });
    window.clearInterval(this.ticker);
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    await this.stopped;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    void this.audio?.close().catch(() => undefined);
    await this.saving;
    await markStopped(this.db, recordingId);
    this.recorder = undefined;
    this.stream = undefined;
    this.audio = undefined;
    this.analyser = undefined;
    this.set({ ...IDLE, stoppedBecause: because });
    return recordingId;
  }

  private elapsed(): number {
    return (
      this.accumulatedMs +
      (this.activeSince === undefined ? 0 : performance.now() - this.activeSince)
    );
  }

  private listenForLevels(stream: MediaStream): void {
    try {
      this.audio = new AudioContext();
      const source = this.audio.createMediaStreamSource(stream);
      this.analyser = this.audio.createAnalyser();
      this.analyser.fftSize = 2048;
      this.frame = new Float32Array(this.analyser.fftSize);
      source.connect(this.analyser);
    } catch {
      // No Web Audio: the memo records all the same, without a meter or waveform.
      this.analyser = undefined;
    }
  }

  private tick(): void {
    if (this.snapshot.state !== 'recording') return;
    let level = 0;
    if (this.analyser && this.frame) {
      this.analyser.getFloatTimeDomainData(this.frame);
      level = levelOf(this.frame);
      this.levels.push(Math.round(level * 1000) / 1000);
    }
    const elapsedMs = this.elapsed();
    this.set({ ...this.snapshot, elapsedMs, level });
    if (elapsedMs >= this.maxMs) void this.stop('max-length');
  }

  /** Saves each chunk in order, as it arrives; a failed save is reported, never silent. */
  private keep(recordingId: string, data: Blob): void {
    const seq = (this.seq += 1);
    const levels = this.levels;
    this.levels = [];
    const endMs = Math.round(this.elapsed());
    this.saving = this.saving.then(() =>
      saveChunk(this.db, { recordingId, seq, data, endMs, levels }).catch((error: unknown) => {
        console.error('A chunk of the voice memo could not be saved on this device', error);
        throw error;
      }),
    );
    this.saving = this.saving.catch(() => undefined);
  }

  private set(snapshot: RecorderSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
