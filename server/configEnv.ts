// The environment variables the server reads (config.ts turns them into a Config): their names,
// which hold secrets, and the schema that checks each one. Every issue message is the action
// part of start-up's one error line, so it says what to set.
import { isIP } from 'node:net';
import { z } from 'zod';
import { FILES_ENV_KEYS, FILES_SECRET_KEYS, filesEnvSchema } from './files/filesConfig.js';
import { isHostPattern } from './push/pushServiceHosts.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ENV_KEYS = [
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
  'SMTP_URL',
  'MAIL_FROM',
  'RESET_LINK_MINUTES',
  ...FILES_ENV_KEYS,
] as const;
export type EnvKey = (typeof ENV_KEYS)[number];

// Values that may hold a secret are never echoed back in an error message.
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'VAPID_PRIVATE_KEY',
  'ADMIN_TOKEN',
  'SMTP_URL',
  ...FILES_SECRET_KEYS,
]);

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

/** A comma-separated list: items trimmed and lower-cased, empty ones dropped. */
function commaList() {
  return z.string().transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== ''),
  );
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
export const envSchema = z.object({
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
  TRUST_PROXY: commaList()
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
  PUSH_SERVICE_HOSTS: commaList()
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
  SMTP_URL: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
      } catch {
        return false;
      }
    }, 'set it to smtp://user:password@host:587 or smtps://user:password@host:465')
    .optional(),
  MAIL_FROM: z
    .string()
    .max(320)
    .refine(
      (value) => /@/.test(value) && !/[\r\n]/.test(value),
      'set it to an address such as Tideline <no-reply@notes.example.org>',
    )
    .optional(),
  RESET_LINK_MINUTES: wholeNumber('RESET_LINK_MINUTES', 30, 5, 24 * 60),
  ...filesEnvSchema.shape,
});
