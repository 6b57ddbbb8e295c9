// Makes sure the data directory exists and can be written, so a bad DATA_DIR is
// reported as such instead of as an obscure SQLite "unable to open" later.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCodeOf, StartupError, StartupErrorCode } from '../errors.js';

export function ensureWritableDir(dir: string): void {
  // Checking permissions (access W_OK) would pass for root on a read-only mount
  // and cannot see a path that runs through a regular file; writing a file can.
  const probe = join(dir, `.tideline-write-test-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const code = errorCodeOf(error) ?? 'unknown error';
    throw new StartupError(
      StartupErrorCode.dataDirUnwritable,
      `Data directory ${dir} is not writable (${code}): set DATA_DIR to a writable directory`,
      { cause: error },
    );
  }
}
