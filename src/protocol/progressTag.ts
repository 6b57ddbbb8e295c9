// The ongoing progress notification's tag and update rate, shared by the page's long jobs
// (ongoingWork.ts) and the service worker's uploads (sw/uploads.ts): one notification, replaced
// in place, whoever reports.
export const PROGRESS_TAG = 'tideline-progress';
export const THROTTLE_MS = 1000;
