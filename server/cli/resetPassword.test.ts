// The operator's `npm run reset-password -- <email>` as a child process against a real SQLite
// data directory: it prints a link whose token sets the account's password, and refuses an
// unknown address or a bad argument with one line and exit 1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccount } from '../auth/accounts.js';
import { usePasswordReset } from '../auth/passwordResets.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase } from '../db/openDatabase.js';
import { REPO_ROOT } from '../test/runEntry.js';
import { makeTempDir, removeTempDirs } from '../test/tempDir.js';

afterAll(removeTempDirs);

function run(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'server/cli/resetPassword.ts'), ...args],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('npm run reset-password', () => {
  // Three child processes through tsx: seconds each on a loaded machine.
  it(
    'prints a one-time link for the account, and refuses what it cannot do',
    { timeout: 90_000 },
    async () => {
      const dataDir = makeTempDir('tideline-cli-');
      const database = await openDatabase({ dataDir, databaseUrl: undefined });
      await migrateToLatest(database);
      await createAccount(database, {
        email: 'ana@example.org',
        password: 'correct horse battery',
      });
      await database.close();
      const env = { DATA_DIR: dataDir, PUBLIC_ORIGIN: 'https://notes.example.org' };

      const made = await run(['ana@example.org'], env);
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      const token = /^https:\/\/notes\.example\.org\/reset-password#([A-Za-z0-9_-]{43})$/m.exec(
        made.stdout,
      )?.[1];
      expect(token, made.stdout).toBeDefined();

      const unknown = await run(['nobody@example.org'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe(
        'tideline: there is no account with the e-mail address nobody@example.org\n',
      );
      const usage = await run([], env);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/^usage: npm run reset-password -- <email/);

      const reopened = await openDatabase({ dataDir, databaseUrl: undefined });
      try {
        expect(await usePasswordReset(reopened, token!, 'a brand new passphrase')).toBeDefined();
        expect(await usePasswordReset(reopened, token!, 'another passphrase')).toBeUndefined();
      } finally {
        await reopened.close();
      }
    },
  );
});
