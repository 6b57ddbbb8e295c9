// Server-Sent Events framing (WHATWG HTML, "Server-sent events"): each frame ends with a blank
// line. Data here is always one line of JSON, so no line splitting is needed.

export function sseEvent(id: number, name: string, data: unknown): string {
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, but it keeps proxies and idle timers from closing. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

/** Tells EventSource how long to wait before reconnecting. */
export function sseRetry(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** The id to continue from after a reconnect: Last-Event-ID + 1 when it is one of ours, else 1. */
export function nextEventId(lastEventId: string | string[] | undefined): number {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  if (value === undefined || !/^\d{1,15}$/.test(value)) return 1;
  return Number(value) + 1;
}
