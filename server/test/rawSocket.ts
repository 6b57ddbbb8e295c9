// A raw TCP client for tests of connection handling: write bytes when you like, collect what
// comes back, and know when the server closed the connection.
import { connect, type Socket } from 'node:net';

export interface RawSocket {
  socket: Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves when the server ends or resets the connection. */
  closed: Promise<void>;
  /** Whether the connection is closed. */
  isClosed(): boolean;
}

export function openRawSocket(port: number): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedFlag = false;
    const closed = new Promise<void>((done) =>
      socket.once('close', () => {
        closedFlag = true;
        done();
      }),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => Buffer.concat(chunks).toString('latin1'),
        closed,
        isClosed: () => closedFlag,
      }),
    );
    socket.once('error', reject);
  });
}

/** The lower-cased header names and values of the first response in `text`. */
export function responseHeaders(text: string): Record<string, string> {
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Waits for `promise` but at most `ms`; says whether it settled in time. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}
