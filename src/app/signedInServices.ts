// What runs while someone is signed in on this page, started once the session engine knows who
// (app/sessionEngine.ts): none of it is needed to greet a signed-out visitor, so none of it is in
// the first visit's download.
//
//   - large downloads go to the sync worker (before the engine's first run);
//   - the event stream pokes sync while the page is open;
//   - the app badge follows the unread count, and the periodic background refresh is registered
//     with the interval chosen in Settings;
//   - a voice memo or a track recording cut short by a crash or a closed tab is saved or goes on;
//   - attachment uploads are started (by the sync worker or, without one, here);
//   - notebooks kept offline get their teammates' new files after each sync.
//
// The last four load their code apart, after the services above have started.
import { watchUnreadBadge } from './alerts';
import { applyBackgroundRefresh } from './backgroundRefresh';
import { startEventStream } from './events';
import { handLargeDownloadsToWorker } from './largeDownload';
import { getDb } from '../db/db';

let started = false;

/** Starts the signed-in services once per page; later calls do nothing. */
export function startSignedInServices(): void {
  if (started) return;
  started = true;
  handLargeDownloadsToWorker();
  startEventStream();
  watchUnreadBadge();
  void applyBackgroundRefresh();
  void import('../media/memos').then((memos) => memos.startMemoEngine());
  void import('../tracks/TrackRecorder').then(({ getTrackRecorder }) =>
    getTrackRecorder(getDb()).restore(),
  );
  void import('./uploadScheduler').then(({ startUploadScheduler }) => startUploadScheduler());
  void import('./offlineFiles').then(({ startOfflineFiles }) => startOfflineFiles());
}
