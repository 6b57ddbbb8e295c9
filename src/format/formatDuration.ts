// A memo's or a recording's length as people read it on a clock: 0:07, 2:41, 1:02:05. Shared by
// the page and the service worker ("Ana added a voice memo (0:42) to Trail survey").

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}
