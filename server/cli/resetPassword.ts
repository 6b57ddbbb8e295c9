// `npm run reset-password -- <email>`: the operator's way to let someone back in when the server
// sends no e-mail (no SMTP_URL). Reads the same environment as the server (DATABASE_URL or
// DATA_DIR, PUBLIC_ORIGIN, RESET_LINK_MINUTES), makes a one-time reset link for the account
// and prints it, to be handed to its owner privately. Exit 1, with one line, when it cannot.
import { emailSchema, passwordResetPath } from '../../src/protocol/auth.js';
import { issuePasswordReset } from '../auth/passwordResets.js';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrateToLatest.js';
import { openDatabase } from '../db/openDatabase.js';

/** The command's output (the link) goes to stdout, so it can be piped or captured. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(args: string[]): Promise<number> {
  const parsed = emailSchema.safeParse(args[0] ?? '');
  if (args.length !== 1 || !parsed.success) {
    console.error('usage: npm run reset-password -- <email of the account>');
    return 1;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database);
    const issued = await issuePasswordReset(database, parsed.data, config.passwordResetTtlMs);
    if (!issued) {
      console.error(`tideline: there is no account with the e-mail address ${parsed.data}`);
      return 1;
    }
    const origin = config.publicOrigin ?? `http://localhost:${config.port}`;
    const minutes = Math.round(config.passwordResetTtlMs / 60_000);
    say(`Password reset link for ${issued.user.email} (works once, for ${minutes} minutes):`);
    say(`${origin}${passwordResetPath(issued.token)}`);
    if (!config.publicOrigin) {
      say(
        '(PUBLIC_ORIGIN is not set: change the start of the link to the address people open Tideline at.)',
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`tideline: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
