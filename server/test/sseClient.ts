// A Server-Sent Events client for tests: Node's fetch with a streaming body reader, parsing frames
// as EventSource would (WHATWG HTML "Server-sent events"), but also keeping comments and `retry:`
// so tests can see heartbeats. Wait for frames with `next(match)`; no sleeping needed.

export interface SseFrame {
  id?: string;
  event?: string;
  /** The data lines joined with "\n", or undefined when the frame had none. */
  data?: string;
  retry?: number;
  comments: string[];
}

export interface SseConnectOptions {
  headers?: Record<string, string>;
}

/** One frame (the text between blank lines) as EventSource would read it. */
export function parseSseFrame(block: string): SseFrame {
  const frame: SseFrame = { comments: [] };
  const data: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line.startsWith(':')) {
      frame.comments.push(line.slice(1).trimStart());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
  }
  if (data.length > 0) frame.data = data.join('\n');
  return frame;
}

export class SseClient {
  /** Every frame received so far, in order. */
  readonly frames: SseFrame[] = [];
  /** Resolves when the server ends the stream (or close() is called). */
  readonly ended: Promise<void>;
  /** Why reading stopped, when it was not a normal end or close(). */
  error: unknown;
  private consumed = 0;
  private readonly waiters = new Set<() => void>();
  private done = false;

  private constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    this.ended = this.read().finally(() => {
      this.done = true;
      for (const wake of this.waiters) wake();
    });
  }

  /** Opens the stream; check `response.status` before waiting for frames. */
  static async connect(url: string, options: SseConnectOptions = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream', ...options.headers },
      signal: controller.signal,
    });
    return new SseClient(response, controller);
  }

  /** Frames with an `event:` field and JSON data, from `frames`. */
  events(name?: string): { id?: string; event: string; data: unknown }[] {
    return this.frames
      .filter((frame) => frame.event !== undefined && (name === undefined || frame.event === name))
      .map((frame) => ({
        ...(frame.id !== undefined ? { id: frame.id } : {}),
        event: frame.event as string,
        data: frame.data === undefined ? undefined : (JSON.parse(frame.data) as unknown),
      }));
  }

  /**
   * The first frame after the last one `next` returned that satisfies `match`; frames skipped on
   * the way are consumed too. Rejects after `timeoutMs` or when the stream ends first.
   */
  async next(
    match: (frame: SseFrame) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.consumed < this.frames.length) {
        const frame = this.frames[this.consumed++] as SseFrame;
        if (match(frame)) return frame;
      }
      if (this.done) throw new Error('the event stream ended before a matching frame arrived');
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching frame within ${timeoutMs} ms; received: ${JSON.stringify(this.frames)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** Waits for the next `event:` frame named `name` and returns its parsed data. */
  async nextEvent<T = unknown>(
    name: string,
    match: (data: T) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<{ id: string | undefined; data: T }> {
    const frame = await this.next(
      (candidate) =>
        candidate.event === name &&
        candidate.data !== undefined &&
        match(JSON.parse(candidate.data) as T),
      timeoutMs,
    );
    return { id: frame.id, data: JSON.parse(frame.data as string) as T };
  }

  /** Drops the connection, as a closed browser tab would. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.ended;
  }

  private async read(): Promise<void> {
    const body = this.response.body;
    if (body === null) return;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          this.frames.push(parseSseFrame(block));
        }
        for (const wake of [...this.waiters]) wake();
      }
    } catch (error) {
      // An abort is how close() ends it; anything else (the server reset the connection) is kept.
      if (!this.controller.signal.aborted) this.error = error;
    }
  }
}
