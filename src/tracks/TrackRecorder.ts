// Records a GPS track while the app is open: `watchPosition` with high accuracy, every usable fix
// saved to IndexedDB the moment it arrives (never only in memory), gaps recorded with their
// cause, and — on stop — one entry with the whole track. One recording at a time per device.
//
//   idle ──start──▶ recording ◀──resume── paused
//                    │  ▲   └────pause────▶ │
//                    │  └ reload / crash: resumed from IndexedDB with a "closed" gap
//                    ├──location withdrawn──▶ paused, with a "permission" gap; allowed again ─▶ resumes
//                    └──stop──▶ entry written (track + title), recording deleted, in ONE transaction
//
// The web gives no positions to a hidden page, so hiding opens a "hidden" gap (closed by the next
// fix), and a progress notification ("Tracking — 2.3 km · 41 min") asks the person to come back.
// A Screen Wake Lock keeps the screen on while visible (re-taken on return) when the person wants.
import type { RecordingRow, TidelineDB } from '../db/db';
import { GapCause } from '../protocol/track';
import { Store } from '../app/Store';
import { ProgressNotifier, ScreenKeeper, browserDeps } from '../app/ongoingWork';
import { uuidv7 } from '../sync/uuid';
import { describeProgress } from './describeTrack';
import { GapTracker } from './GapTracker';
import { RecorderError, RecorderErrorCode } from './RecorderError';
import { RecordingWriter } from './RecordingWriter';
import { deleteRecording, saveRecordingAsEntry } from './saveRecordingAsEntry';
import { takeFix, type LastFix } from './takeFix';

export { MAX_ACCURACY_M } from './takeFix';
/** Without a usable fix this long while visible, a "no fix" gap opens. */
export const NO_FIX_MS = 30_000;
export const TRACKING_TAG = 'tideline-tracking';
/** What the person reads when location is withdrawn mid-recording. */
export const PERMISSION_WITHDRAWN_MESSAGE =
  'Tideline is no longer allowed to use your location, so recording has paused. Every position so far is kept. ' +
  'To go on, allow location for this site again — in the address bar’s site controls or the browser’s site settings — ' +
  'and recording resumes by itself (or press Resume).';

export interface RecorderState {
  recording: RecordingRow | null;
  /** Fixes of the recording written to IndexedDB (a reload keeps these); `recording.fixes`
   *  also counts any still being written. */
  savedFixes: number;
  /** The screen is being kept on now. */
  screenOn: boolean;
  /** The last problem to tell the person about ('' when none). */
  problem: string;
}

interface TrackingProgress {
  distanceM: number;
  elapsedMs: number;
}

export class TrackRecorder {
  readonly state = new Store<RecorderState>({
    recording: null,
    savedFixes: 0,
    screenOn: false,
    problem: '',
  });
  private watchId: number | undefined;
  private gaps = new GapTracker();
  private last: LastFix | undefined;
  private readonly writer: RecordingWriter;
  private watchStartedAt = 0;
  private ticker: number | undefined;
  private readonly screen = new ScreenKeeper(() => this.wantsScreen());
  private readonly notifier = new ProgressNotifier<TrackingProgress>(
    browserDeps({ tag: TRACKING_TAG }),
    'Tracking',
    5000,
    (label, progress) => [
      `${label} — ${describeProgress(progress.distanceM, progress.elapsedMs)}`,
      'Positions stop while Tideline is hidden. Come back to keep recording.',
    ],
  );

  constructor(private readonly db: TidelineDB) {
    this.writer = new RecordingWriter(
      db,
      (error) =>
        this.state.update({
          problem: `A position could not be saved on this device: ${String(error)}`,
        }),
      (row) => {
        if (row.id === this.recording?.id) this.state.update({ savedFixes: row.fixes });
      },
    );
    document.addEventListener('visibilitychange', () => this._onVisibility());
    void this._watchPermission();
  }

  /** When location is allowed again after being withdrawn mid-recording, recording goes on. */
  private async _watchPermission(): Promise<void> {
    let status: PermissionStatus;
    try {
      status = await navigator.permissions.query({ name: 'geolocation' });
    } catch {
      return; // No Permissions API here: the person presses Resume once they have allowed it.
    }
    status.addEventListener('change', () => {
      if (status.state === 'granted' && this._pausedForPermission()) void this.resume();
    });
  }

  private _pausedForPermission(): boolean {
    return this.recording?.state === 'paused' && this.gaps.open?.cause === GapCause.Permission;
  }

  private get recording(): RecordingRow | null {
    return this.state.value.recording;
  }

  private restoring: Promise<void> | undefined;

  /** Picks up a recording left by a reload or crash: it goes on, with a "closed" gap. Once. */
  restore(): Promise<void> {
    this.restoring ??= this._restore();
    return this.restoring;
  }

  private async _restore(): Promise<void> {
    const row = (await this.db.recordings.toCollection().first()) ?? null;
    if (!row || this.recording) return;
    const lastFix = await this.db.trackFixes.where('recordingId').equals(row.id).last();
    this.gaps = new GapTracker(row.gaps, row.fixes - 1);
    this.last = lastFix && { lat: lastFix.lat, lon: lastFix.lon, t: lastFix.t };
    if (row.state === 'recording') this.gaps.openGap(GapCause.Closed, row.lastFixAt ?? Date.now());
    this.state.update({ savedFixes: row.fixes });
    await this._save({ ...row, gaps: this.gaps.gaps });
    if (row.state === 'recording') this._watch();
    else if (this._pausedForPermission())
      this.state.update({ problem: PERMISSION_WITHDRAWN_MESSAGE });
  }

  async start(notebookId: string, keepScreenOn: boolean): Promise<void> {
    if (this.recording)
      throw new RecorderError(RecorderErrorCode.Busy, 'A track is already being recorded.');
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      throw new RecorderError(
        RecorderErrorCode.Unsupported,
        'This browser cannot share your location with Tideline.',
      );
    }
    this.gaps = new GapTracker();
    this.last = undefined;
    const row: RecordingRow = {
      id: uuidv7(),
      notebookId,
      startedAt: Date.now(),
      state: 'recording',
      gaps: [],
      fixes: 0,
      distanceM: 0,
      lastFixAt: null,
      poorFixes: 0,
      keepScreenOn,
    };
    await this.db.recordings.put(row);
    this.state.update({ recording: row, savedFixes: 0, problem: '' });
    this._watch();
  }

  async pause(): Promise<void> {
    const row = this.recording;
    if (!row || row.state !== 'recording') return;
    this._unwatch();
    this.gaps.openGap(GapCause.Paused, Date.now());
    await this._save({ ...row, state: 'paused', gaps: this.gaps.gaps });
  }

  async resume(): Promise<void> {
    const row = this.recording;
    if (!row || row.state !== 'paused') return;
    // Said again by _onError if location is still not allowed.
    this.state.update({ problem: '' });
    await this._save({ ...row, state: 'recording' });
    this._watch();
  }

  async setKeepScreenOn(keepScreenOn: boolean): Promise<void> {
    const row = this.recording;
    if (row) await this._save({ ...row, keepScreenOn });
    await this._syncScreen();
  }

  /** Ends the recording as a new entry of its notebook; returns the entry's id. */
  async stop(): Promise<string> {
    const row = this.recording;
    if (!row) throw new RecorderError(RecorderErrorCode.Idle, 'No track is being recorded.');
    await this.writer.settled();
    const entryId = await saveRecordingAsEntry(this.db, row, this.gaps.gaps, Date.now());
    this._end();
    return entryId;
  }

  /** Throws the recording away (the person asked to). */
  async discard(): Promise<void> {
    const row = this.recording;
    if (!row) return;
    this._unwatch();
    await this.writer.settled();
    await deleteRecording(this.db, row.id);
    this._end();
  }

  private _end(): void {
    this._unwatch();
    this.notifier.finish();
    this.state.update({ recording: null, savedFixes: 0, problem: '' });
    void this._syncScreen();
  }

  private _watch(): void {
    if (this.watchId !== undefined) return;
    this.watchStartedAt = Date.now();
    this.watchId = navigator.geolocation.watchPosition(
      (position) => this._onPosition(position),
      (error) => this._onError(error),
      { enableHighAccuracy: true, maximumAge: 0, timeout: NO_FIX_MS },
    );
    this.ticker ??= window.setInterval(() => this._tick(), 5000);
    void this._syncScreen();
  }

  private _unwatch(): void {
    if (this.watchId !== undefined) navigator.geolocation.clearWatch(this.watchId);
    this.watchId = undefined;
    if (this.ticker !== undefined) window.clearInterval(this.ticker);
    this.ticker = undefined;
    void this._syncScreen();
  }

  private _onPosition(position: GeolocationPosition): void {
    const row = this.recording;
    if (!row || row.state !== 'recording') return;
    const { latitude: lat, longitude: lon, accuracy: acc, altitude } = position.coords;
    const t = Math.round(position.timestamp);
    const taken = takeFix(row, this.last, this.gaps, { lat, lon, t, ele: altitude ?? null, acc });
    if (taken.kind === 'stale') return;
    if (taken.kind === 'poor') {
      void this._save(taken.row);
      return;
    }
    this.last = taken.last;
    this.state.update({ recording: taken.row, problem: '' });
    this.writer.addFix(taken.fix, taken.row);
    this.notifier.report(this._progress(taken.row));
  }

  private _onError(error: GeolocationPositionError): void {
    const row = this.recording;
    if (!row || row.state !== 'recording') return;
    if (error.code === error.PERMISSION_DENIED) {
      this._unwatch();
      this.gaps.openGap(GapCause.Permission, Date.now());
      this.state.update({ problem: PERMISSION_WITHDRAWN_MESSAGE });
      void this._save({ ...row, state: 'paused', gaps: this.gaps.gaps });
      return;
    }
    // A timeout or "position unavailable" can come between two good fixes (browsers report them
    // per request): only NO_FIX_MS without a usable fix makes a gap (_tick). Say it meanwhile.
    this.state.update({
      problem:
        'Waiting for a GPS fix: move to where the sky is visible, and check that location is on.',
    });
  }

  private _tick(): void {
    const row = this.recording;
    if (!row || row.state !== 'recording') return;
    if (document.visibilityState === 'hidden') {
      this.notifier.report(this._progress(row));
      return;
    }
    const since = row.lastFixAt ?? this.watchStartedAt;
    if (Date.now() - since > NO_FIX_MS && this.gaps.openGap(GapCause.NoFix, since)) {
      void this._save({ ...row, gaps: this.gaps.gaps });
    }
  }

  private _onVisibility(): void {
    const row = this.recording;
    if (!row) return;
    if (document.visibilityState === 'hidden' && row.state === 'recording') {
      if (this.gaps.openGap(GapCause.Hidden, Date.now()))
        void this._save({ ...row, gaps: this.gaps.gaps });
      this.notifier.report(this._progress(row));
    }
    this.notifier.visibilityChanged();
    void this._syncScreen();
  }

  private _progress(row: RecordingRow): TrackingProgress {
    return { distanceM: row.distanceM, elapsedMs: Date.now() - row.startedAt };
  }

  private wantsScreen(): boolean {
    const row = this.recording;
    return !!row && row.keepScreenOn && this.watchId !== undefined;
  }

  private async _syncScreen(): Promise<void> {
    if (this.wantsScreen()) await this.screen.acquire();
    else await this.screen.release();
    this.state.update({ screenOn: this.screen.held });
  }

  private async _save(row: RecordingRow): Promise<void> {
    this.state.update({ recording: row });
    await this.writer.saveRow(row);
  }
}

let recorder: TrackRecorder | undefined;

/** This page's recorder (created on first use). */
export function getTrackRecorder(db: TidelineDB): TrackRecorder {
  recorder ??= new TrackRecorder(db);
  return recorder;
}
