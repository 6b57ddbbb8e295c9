// Turns a failed `listen` into a StartupError that says what to change.
import { errorCodeOf, StartupError, StartupErrorCode } from './errors.js';

export function listenFailure(error: unknown, host: string, port: number): StartupError {
  const code = errorCodeOf(error);
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        StartupErrorCode.portInUse,
        `Port ${port} is already in use: stop the other process or set PORT`,
        { cause: error },
      );
    case 'EACCES':
      return new StartupError(
        StartupErrorCode.listenFailed,
        `Not allowed to listen on port ${port} (EACCES): set PORT to a port above 1023`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        StartupErrorCode.listenFailed,
        `Cannot listen on HOST ${host} (${code}): set HOST to an address of this machine, such as 0.0.0.0`,
        { cause: error },
      );
    default:
      return new StartupError(
        StartupErrorCode.listenFailed,
        `Cannot listen on ${host}:${port} (${code ?? 'unknown error'}): check HOST and PORT`,
        { cause: error },
      );
  }
}
