// A sync failure that crossed from the sync worker as data, made the sync core's typed error
// again, so the page treats it exactly as a failure of its own sync: offline waits for the
// network, a 401 asks the user to sign in, a busy server is retried with backoff, and anything
// else is shown in plain words. Errors that were never the sync core's stay plain Errors with
// their name and message (a full disk is still recognised by its name).
import {
  AuthRequiredError,
  OfflineError,
  ProtocolError,
  ServerBusyError,
  SyncErrorCode,
} from '../sync/errors';
import type { SerializedError } from './protocol';

export function reviveSyncError(error: SerializedError): Error {
  const { detail, status, retryAfterMs } = error.facts ?? {};
  switch (error.code) {
    case SyncErrorCode.Offline:
      return new OfflineError(detail ?? error.message);
    case SyncErrorCode.AuthRequired:
      return new AuthRequiredError({ status: status ?? 401 });
    case SyncErrorCode.ServerBusy:
      return new ServerBusyError({
        status: status ?? 503,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      });
  }
  if (error.name === 'ProtocolError') {
    return new ProtocolError({
      status: status ?? 0,
      code: error.code,
      message: detail ?? error.message,
    });
  }
  const revived = new Error(detail ?? error.message);
  revived.name = error.name;
  return revived;
}
