// The page's side of voice memos: the one recorder of this page, the ongoing notification while
// the page is hidden ("Recording — 2:41", with Stop), the optional screen wake lock, and saving a
// stopped memo as an attachment. At start it recovers what a crash or a closed tab left: each
// recording whose recorder is gone (its Web Lock is free) is saved as a memo up to its last
// saved second.
//
// A recording holds the Web Lock `tideline-recording:<id>` for as long as its recorder runs, so a
// second tab recovering at the same moment never takes a recording that is still going.
import { ScreenKeeper, ongoingNotice, type OngoingNotice } from '../app/ongoingWork';
import { Store } from '../app/Store';
import { getDb } from '../db/db';
import {
  STOP_RECORDING_ACTION,
  WorkerMessageType,
  parseWorkerMessage,
} from '../protocol/serviceWorkerMessages';
import { formatDuration } from '../format/formatDuration';
import { memoSettings } from './memoSettings';
import { RecorderError } from './RecorderError';
import { unsavedRecordings } from './recordingStore';
import { memoSaver } from './memoSaver';
import { saveRecording, type SavedMemo } from './saveRecording';
import { VoiceRecorder, type RecorderSnapshot } from './VoiceRecorder';

export const RECORDING_TAG = 'tideline-recording';

export interface MemoOutcome {
  /** What happened, in words for the page. */
  message: string;
  saved?: SavedMemo;
  error?: unknown;
}

/** The last memo saved or recovered, and any failure, for the page to tell. */
export const memoOutcome = new Store<MemoOutcome | undefined>(undefined);

let recorder: VoiceRecorder | undefined;

export function voiceRecorder(): VoiceRecorder {
  recorder ??= new VoiceRecorder(getDb());
  return recorder;
}

function describeRecording(_label: string, elapsedMs: number): [string, string] {
  return [
    `Recording — ${formatDuration(elapsedMs)}`,
    'Tideline is recording a voice memo. Open it to see, or press Stop.',
  ];
}

/** Starts a memo on an entry (or a new entry with `entryId` null). Throws RecorderError. */
export async function startMemo(notebookId: string, entryId: string | null): Promise<void> {
  const active = voiceRecorder();
  const settings = memoSettings.value;
  const id = await active.start({ notebookId, entryId, maxMs: settings.maxMinutes * 60_000 });
  memoOutcome.set(undefined);
  const notice: OngoingNotice<number> = ongoingNotice('Recording', describeRecording, {
    tag: RECORDING_TAG,
    actions: [{ action: STOP_RECORDING_ACTION, title: 'Stop' }],
  });
  let recording = true;
  const screen = settings.keepScreenOn ? new ScreenKeeper(() => recording) : undefined;
  const onVisible = () => {
    if (document.visibilityState === 'visible') void screen?.acquire();
  };
  document.addEventListener('visibilitychange', onVisible);
  void screen?.acquire();
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  if ('locks' in navigator) void navigator.locks.request(`${RECORDING_TAG}:${id}`, () => done);
  const unsubscribe = active.subscribe((snapshot: RecorderSnapshot) => {
    if (snapshot.state === 'recording' || snapshot.state === 'paused') {
      notice.report(snapshot.elapsedMs);
      return;
    }
    if (snapshot.state !== 'idle') return;
    recording = false;
    unsubscribe();
    notice.finish();
    void screen?.release();
    document.removeEventListener('visibilitychange', onVisible);
    void save(id, snapshot.stoppedBecause).finally(finished);
  });
}

/** Stops the memo being recorded; it is then saved (see memoOutcome). */
export async function stopMemo(): Promise<void> {
  await recorder?.stop();
}

async function save(
  recordingId: string,
  because: RecorderSnapshot['stoppedBecause'],
  recovered = false,
): Promise<void> {
  try {
    const saved = await saveRecording(getDb(), recordingId, memoSaver());
    if (!saved) {
      memoOutcome.set({ message: 'Nothing was recorded: the memo was empty.' });
      return;
    }
    const length = formatDuration(saved.durationMs);
    const why =
      because === 'max-length'
        ? ' It reached the longest memo set in Recording options.'
        : because === 'microphone-ended'
          ? ' The microphone stopped.'
          : '';
    memoOutcome.set({
      message: recovered
        ? `Recovered a voice memo (${length}) recorded before Tideline closed.`
        : `Voice memo saved (${length}).${why}`,
      saved,
    });
  } catch (error) {
    memoOutcome.set({
      message: `The voice memo is kept on this device but could not be attached yet: ${(error instanceof
      Error
        ? error.message
        : String(error)
      ).replace(/\.$/, '')}. Tideline will try again when it next opens.`,
      error,
    });
  }
}

/** Saves every recording a crash or a closed tab left behind. */
export async function recoverRecordings(): Promise<void> {
  const db = getDb();
  for (const recording of await unsavedRecordings(db)) {
    if (recorder?.current.recordingId === recording.id) continue;
    const name = `${RECORDING_TAG}:${recording.id}`;
    if ('locks' in navigator) {
      await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
        if (lock) await save(recording.id, undefined, recording.state === 'recording');
      });
    } else {
      await save(recording.id, undefined, recording.state === 'recording');
    }
  }
}

// Stop on the ongoing notification reaches the page as a message from the service worker.
navigator.serviceWorker?.addEventListener('message', (event: MessageEvent) => {
  if (parseWorkerMessage(event.data)?.type === WorkerMessageType.StopRecording) void stopMemo();
});

let started = false;

/** Recovers what a crash or a closed tab left; run once someone is signed in. */
export function startMemoEngine(): void {
  if (started) return;
  started = true;
  void recoverRecordings().catch((error: unknown) => {
    memoOutcome.set({
      message: `A voice memo recorded before Tideline closed could not be recovered yet: ${
        error instanceof RecorderError || error instanceof Error ? error.message : String(error)
      }.`,
      error,
    });
  });
}
