// Sends one fuzzed request through inject() and reads its answer. The body is read as a stream
// so an accepted event stream (GET /api/events, which never ends by itself) is seen and left
// open — the app ends it when it closes; aborting an injected stream makes light-my-request
// write headers twice, which a real socket never does — and any other answer is read to its
// end. A request that gets no answer in time is a failure.
import type { FuzzRequest } from './fuzzRequest.js';
import { toInjectOptions } from './fuzzRequest.js';
import type { FuzzWorld } from './fuzzWorld.js';

/** Longer than any route should take, even on a busy machine. */
const ANSWER_WITHIN_MS = 15_000;

export interface FuzzResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  /** The whole body, or '' for an event stream. */
  body: string;
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${ANSWER_WITHIN_MS}ms`)),
      ANSWER_WITHIN_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function sendFuzzRequest(
  world: FuzzWorld,
  request: FuzzRequest,
): Promise<FuzzResponse> {
  const options = toInjectOptions(request, world);
  const what = `${options.method} ${String(options.url).slice(0, 200)}`;
  const response = await within(world.api.app.inject({ ...options, payloadAsStream: true }), what);
  const headers = response.headers as Record<string, unknown>;
  const stream = response.stream();
  if (String(headers['content-type'] ?? '').startsWith('text/event-stream')) {
    return { statusCode: response.statusCode, headers, body: '' };
  }
  const chunks: Buffer[] = [];
  await within(
    (async () => {
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    })(),
    `${what} (body)`,
  );
  return { statusCode: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
}
