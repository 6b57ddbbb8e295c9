// Typed errors the server raises on purpose: `StartupError` when it cannot start
// (printed as one actionable line, never a stack trace) and `ApiError` for a
// request that fails in a way the client should hear about (sent as the
// shared error body from src/protocol/errorBody.ts).

export const StartupErrorCode = {
  invalidConfig: 'invalid-config',
  dataDirUnwritable: 'data-dir-unwritable',
  databaseUnreachable: 'database-unreachable',
  databaseOpenFailed: 'database-open-failed',
  migrationFailed: 'migration-failed',
  portInUse: 'port-in-use',
  listenFailed: 'listen-failed',
} as const;

export type StartupErrorCode = (typeof StartupErrorCode)[keyof typeof StartupErrorCode];

/** The server cannot start; `message` is one line telling the operator what to do. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code: StartupErrorCode;

  constructor(code: StartupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A request failed with a status and code the client may act on. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  readonly code: string;
  /** Response headers that go with the error, e.g. Retry-After on a 429. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.statusCode = statusCode;
    this.code = code;
    this.headers = options?.headers ?? {};
  }
}

/** The errno-style code of a Node or driver error (`ECONNREFUSED`, `ENOTDIR`…), if any. */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  // Node's happy-eyeballs connect reports an AggregateError whose parts carry the codes.
  if (error instanceof AggregateError) {
    for (const part of error.errors) {
      const partCode = errorCodeOf(part);
      if (partCode !== undefined) return partCode;
    }
  }
  return undefined;
}
