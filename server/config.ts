// Server configuration: read once from environment variables, validated, with
// defaults that work out of the box (SQLite in <repo>/data, the built client in
// <repo>/dist, port 8080). A bad value stops start-up with one actionable line.
import { isAbsolute, join, resolve } from 'node:path';
import { ENV_KEYS, SECRET_KEYS, envSchema, type EnvKey, type LogLevel } from './configEnv.js';
import { StartupError, StartupErrorCode } from './errors.js';
import { filesConfigFrom, type FilesConfig } from './files/filesConfig.js';
import { DEFAULT_PUSH_SERVICE_HOSTS } from './push/pushServiceHosts.js';
import { checkVapidKeyPair, type VapidKeyPair } from './push/vapidKeys.js';
import { findRepoRoot } from './repoRoot.js';

const DEFAULT_VAPID_SUBJECT = 'mailto:admin@tideline.invalid';

export interface Config {
  /** TCP port to listen on; 0 picks a free one. */
  port: number;
  host: string;
  /** Absolute path of the directory that holds the SQLite database. */
  dataDir: string;
  /** PostgreSQL connection string; when absent, SQLite in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** Absolute path of the built client (Vite's output). */
  staticDir: string;
  logLevel: LogLevel;
  /**
   * The origin people open Tideline at (e.g. https://notes.example.org), when a proxy in front
   * changes the scheme or host the server sees. State-changing requests must come from it.
   */
  publicOrigin: string | undefined;
  /** How long deleted entries' tombstones are kept before they are purged. */
  tombstoneTtlMs: number;
  /** Sign-in and sign-up attempts allowed per IP address in 10 minutes. */
  authAttemptsPerIp: number;
  /** How long a bearer token lasts since its last use (each use renews it, like a cookie). */
  bearerTokenTtlMs: number;
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses, CIDR ranges, or
   * `loopback`, `linklocal`, `uniquelocal`); empty: none, the peer address is the client's.
   */
  trustProxy: readonly string[];
  /** Open connections allowed from one client address (trusted proxies are not counted). */
  connectionsPerAddress: number;
  /** Event streams open at once on this instance. */
  eventStreamsMax: number;
  push: PushConfig;
  /** Bearer token for /api/admin/*; those routes answer 404 when it is unset. */
  adminToken: string | undefined;
  /** Attachments' bytes: where they are kept, the largest accepted, how long leftovers stay. */
  files: FilesConfig;
  /** Outgoing e-mail (password reset links); `smtpUrl` unset: no e-mail, an operator command. */
  mail: MailConfig;
  /** How long a password reset link works. */
  passwordResetTtlMs: number;
}

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://…:465 (nodemailer's connection URL). */
  smtpUrl: string | undefined;
  /** The From of Tideline's e-mail, e.g. `Tideline <no-reply@notes.example.org>`. */
  from: string;
}

export interface PushConfig {
  /** VAPID keys from the environment; when absent they are generated once and stored. */
  vapidKeys: VapidKeyPair | undefined;
  /** The VAPID `sub` claim: how a push service reaches the operator (mailto: or https:). */
  vapidSubject: string;
  /** Push-service hosts subscriptions may point at: exact names or `*.suffix` patterns. */
  serviceHosts: readonly string[];
  /** Tests only: accept http(s) push services on loopback (127.0.0.1, ::1, localhost). */
  allowLoopback: boolean;
  /** Push messages in flight at once per server instance. */
  concurrency: number;
}

/** Reads and validates the configuration; throws a `StartupError` on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Config {
  // An empty variable (`PORT=`) means "use the default", as it does for most tools.
  const raw: Partial<Record<EnvKey, string>> = {};
  for (const key of ENV_KEYS) {
    const value = env[key]?.trim();
    if (value !== undefined && value !== '') raw[key] = value;
  }

  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0] as EnvKey | undefined;
    const shown = key !== undefined && !SECRET_KEYS.has(key) ? ` "${raw[key]}"` : '';
    throw new StartupError(
      StartupErrorCode.invalidConfig,
      `Invalid ${key ?? 'configuration'}${shown}: ${issue?.message ?? 'check the environment'}`,
    );
  }

  const values = parsed.data;
  if ((values.VAPID_PUBLIC_KEY === undefined) !== (values.VAPID_PRIVATE_KEY === undefined)) {
    throw new StartupError(
      StartupErrorCode.invalidConfig,
      'Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (npm run vapid prints a pair), or neither to let Tideline generate and store a pair',
    );
  }
  let vapidKeys: VapidKeyPair | undefined;
  if (values.VAPID_PUBLIC_KEY !== undefined && values.VAPID_PRIVATE_KEY !== undefined) {
    vapidKeys = { publicKey: values.VAPID_PUBLIC_KEY, privateKey: values.VAPID_PRIVATE_KEY };
    const problem = checkVapidKeyPair(vapidKeys);
    if (problem !== undefined) {
      throw new StartupError(
        StartupErrorCode.invalidConfig,
        `Invalid VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY: ${problem}; npm run vapid prints a valid pair`,
      );
    }
  }
  if (values.SMTP_URL !== undefined && values.PUBLIC_ORIGIN === undefined) {
    throw new StartupError(
      StartupErrorCode.invalidConfig,
      'SMTP_URL needs PUBLIC_ORIGIN too: password reset e-mails link to it (e.g. PUBLIC_ORIGIN=https://notes.example.org)',
    );
  }
  const files = filesConfigFrom(values);
  if (typeof files === 'string') throw new StartupError(StartupErrorCode.invalidConfig, files);
  const repoRoot = findRepoRoot();
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: values.DATA_DIR !== undefined ? absolute(values.DATA_DIR) : join(repoRoot, 'data'),
    databaseUrl: values.DATABASE_URL,
    staticDir:
      values.STATIC_DIR !== undefined ? absolute(values.STATIC_DIR) : join(repoRoot, 'dist'),
    logLevel: values.LOG_LEVEL,
    publicOrigin: values.PUBLIC_ORIGIN,
    tombstoneTtlMs: values.TOMBSTONE_TTL_DAYS * 24 * 60 * 60 * 1000,
    authAttemptsPerIp: values.AUTH_ATTEMPTS_PER_IP,
    bearerTokenTtlMs: values.BEARER_TOKEN_DAYS * 24 * 60 * 60 * 1000,
    trustProxy: values.TRUST_PROXY,
    connectionsPerAddress: values.CONNECTIONS_PER_IP,
    eventStreamsMax: values.EVENT_STREAMS_MAX,
    push: {
      vapidKeys,
      vapidSubject: values.VAPID_SUBJECT ?? DEFAULT_VAPID_SUBJECT,
      serviceHosts: values.PUSH_SERVICE_HOSTS ?? DEFAULT_PUSH_SERVICE_HOSTS,
      allowLoopback: values.PUSH_ALLOW_LOOPBACK,
      concurrency: values.PUSH_CONCURRENCY,
    },
    adminToken: values.ADMIN_TOKEN,
    files,
    mail: {
      smtpUrl: values.SMTP_URL,
      from:
        values.MAIL_FROM ??
        `Tideline <no-reply@${values.PUBLIC_ORIGIN ? new URL(values.PUBLIC_ORIGIN).hostname : 'localhost'}>`,
    },
    passwordResetTtlMs: values.RESET_LINK_MINUTES * 60 * 1000,
  };
}
