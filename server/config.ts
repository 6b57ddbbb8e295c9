// Server configuration: read once from environment variables, validated, with
// defaults that work out of the box (SQLite in <repo>/data, the built client in
// <repo>/dist, port 8080). A bad value stops start-up with one actionable line.
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { StartupError, StartupErrorCode } from './errors.js';
import {
  FILES_ENV_KEYS,
  FILES_SECRET_KEYS,
  filesConfigFrom,
  filesEnvSchema,
  type FilesConfig,
} from './files/filesConfig.js';
import { DEFAULT_PUSH_SERVICE_HOSTS, isHostPattern } from './push/pushServiceHosts.js';
import { checkVapidKeyPair, type VapidKeyPair } from './push/vapidKeys.js';
import { findRepoRoot } from './repoRoot.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

const ENV_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'STATIC_DIR',
  'LOG_LEVEL',
  'PUBLIC_ORIGIN',
  'TOMBSTONE_TTL_DAYS',
  'AUTH_ATTEMPTS_PER_IP',
  'BEARER_TOKEN_DAYS',
  'TRUST_PROXY',
  'CONNECTIONS_PER_IP',
  'EVENT_STREAMS_MAX',
  'VAPID_PUBLIC_KEY',
  'VAPID_PRIVATE_KEY',
  'VAPID_SUBJECT',
  'PUSH_SERVICE_HOSTS',
  'PUSH_ALLOW_LOOPBACK',
  'PUSH_CONCURRENCY',
  'ADMIN_TOKEN',
  ...FILES_ENV_KEYS,
] as const;
type EnvKey = (typeof ENV_KEYS)[number];

// Values that may hold a secret are never echoed back in an error message.
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'VAPID_PRIVATE_KEY',
  'ADMIN_TOKEN',
  ...FILES_SECRET_KEYS,
]);

const DEFAULT_VAPID_SUBJECT = 'mailto:admin@tideline.invalid';

const PORT_HINT = 'set PORT to a whole number from 0 to 65535';

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's names. */
function isProxyAddress(value: string): boolean {
  if (PROXY_NAMES.has(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function wholeNumber(key: string, example: number, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, `set ${key} to a whole number, e.g. ${example}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `set ${key} between ${min} and ${max}`)
    .default(example);
}

function isPostgresUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

// Each issue message is the action part of the error line: "Invalid KEY "value": <message>".
const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, PORT_HINT)
    .transform(Number)
    .refine((port) => port <= 65535, PORT_HINT)
    .default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z
    .string()
    .refine(
      isPostgresUrl,
      'set it to a postgres:// URL such as postgres://user@localhost:5432/tideline, or unset it to use SQLite',
    )
    .optional(),
  STATIC_DIR: z.string().optional(),
  LOG_LEVEL: z
    .string()
    .transform((level) => level.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `set LOG_LEVEL to one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  PUBLIC_ORIGIN: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
      } catch {
        return false;
      }
    }, 'set it to an origin such as https://notes.example.org (scheme and host, no path or trailing slash)')
    .optional(),
  TOMBSTONE_TTL_DAYS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'set TOMBSTONE_TTL_DAYS to a number of days, e.g. 30')
    .transform(Number)
    .refine((days) => days > 0 && days <= 3650, 'set TOMBSTONE_TTL_DAYS between 1 and 3650 days')
    .default(30),
  AUTH_ATTEMPTS_PER_IP: z
    .string()
    .regex(/^\d+$/, 'set AUTH_ATTEMPTS_PER_IP to a whole number of attempts, e.g. 30')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1_000_000, 'set AUTH_ATTEMPTS_PER_IP between 1 and 1000000')
    .default(30),
  BEARER_TOKEN_DAYS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'set BEARER_TOKEN_DAYS to a number of days, e.g. 30')
    .transform(Number)
    .refine((days) => days > 0 && days <= 3650, 'set BEARER_TOKEN_DAYS between 1 and 3650 days')
    .default(30),
  TRUST_PROXY: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim().toLowerCase())
        .filter((item) => item !== ''),
    )
    .refine(
      (items) => items.every(isProxyAddress),
      'set it to the proxy addresses, comma-separated: IPs, CIDR ranges or loopback/linklocal/uniquelocal, e.g. 127.0.0.1,10.0.0.0/8',
    )
    .default([]),
  CONNECTIONS_PER_IP: wholeNumber('CONNECTIONS_PER_IP', 128, 1, 1_000_000),
  EVENT_STREAMS_MAX: wholeNumber('EVENT_STREAMS_MAX', 5000, 1, 1_000_000),
  VAPID_PUBLIC_KEY: z.string().optional(),
  VAPID_PRIVATE_KEY: z.string().optional(),
  VAPID_SUBJECT: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'mailto:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'set it to a mailto: address or an https: URL where push services can reach you, e.g. mailto:ops@example.org')
    .optional(),
  PUSH_SERVICE_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host !== ''),
    )
    .refine(
      (hosts) => hosts.length > 0 && hosts.every(isHostPattern),
      'set it to comma-separated host names or *.suffix patterns, e.g. fcm.googleapis.com,*.push.services.mozilla.com',
    )
    .optional(),
  PUSH_ALLOW_LOOPBACK: z
    .enum(['0', '1', 'true', 'false'], {
      error: 'set PUSH_ALLOW_LOOPBACK to 1 (tests only) or 0',
    })
    .transform((value) => value === '1' || value === 'true')
    .default(false),
  PUSH_CONCURRENCY: z
    .string()
    .regex(/^\d+$/, 'set PUSH_CONCURRENCY to a whole number of messages, e.g. 64')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1024, 'set PUSH_CONCURRENCY between 1 and 1024')
    .default(64),
  ADMIN_TOKEN: z
    .string()
    .min(16, 'set ADMIN_TOKEN to a random secret of at least 16 characters (openssl rand -hex 24)')
    .optional(),
  ...filesEnvSchema.shape,
});

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
  };
}
