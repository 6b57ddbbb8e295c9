import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { StartupError } from './errors.js';
import { DEFAULT_PUSH_SERVICE_HOSTS } from './push/pushServiceHosts.js';
import { generateVapidKeyPair } from './push/vapidKeys.js';
import { findRepoRoot } from './repoRoot.js';

const repoRoot = findRepoRoot();
const vapid = generateVapidKeyPair();

function startupError(run: () => unknown): StartupError {
  try {
    run();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('expected a StartupError');
}

describe('loadConfig', () => {
  it('has defaults that work out of the box', () => {
    expect(loadConfig({}, '/somewhere/else')).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: join(repoRoot, 'data'),
      databaseUrl: undefined,
      staticDir: join(repoRoot, 'dist'),
      logLevel: 'info',
      publicOrigin: undefined,
      tombstoneTtlMs: 30 * 86_400_000,
      authAttemptsPerIp: 30,
      bearerTokenTtlMs: 30 * 86_400_000,
      trustProxy: [],
      connectionsPerAddress: 128,
      eventStreamsMax: 5000,
      push: {
        vapidKeys: undefined,
        vapidSubject: 'mailto:admin@tideline.invalid',
        serviceHosts: DEFAULT_PUSH_SERVICE_HOSTS,
        allowLoopback: false,
        concurrency: 64,
      },
      adminToken: undefined,
      files: {
        maxUploadBytes: 100 * 1024 * 1024,
        graceMs: 24 * 3_600_000,
        uploadExpiryMs: 72 * 3_600_000,
        s3: undefined,
      },
      mail: { smtpUrl: undefined, from: 'Tideline <no-reply@localhost>' },
      passwordResetTtlMs: 30 * 60_000,
    });
  });

  it('reads every variable, resolving relative paths against the working directory', () => {
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: 'var/data',
        DATABASE_URL: 'postgres://u:p@db:5433/tideline',
        STATIC_DIR: '/srv/tideline',
        LOG_LEVEL: 'DEBUG',
        PUBLIC_ORIGIN: 'https://notes.example.org',
        TOMBSTONE_TTL_DAYS: '7',
        AUTH_ATTEMPTS_PER_IP: '500',
        BEARER_TOKEN_DAYS: '7',
        TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8,Loopback',
        CONNECTIONS_PER_IP: '16',
        EVENT_STREAMS_MAX: '100',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'mailto:ops@example.org',
        PUSH_SERVICE_HOSTS: 'push.example.org, *.Push.Example.NET',
        PUSH_ALLOW_LOOPBACK: '1',
        PUSH_CONCURRENCY: '8',
        ADMIN_TOKEN: 'an-operator-secret-0123',
        MAX_UPLOAD_BYTES: '5000000',
        FILE_GRACE_HOURS: '2',
        UPLOAD_EXPIRY_HOURS: '0.5',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_BUCKET: 'tideline-files',
        S3_REGION: 'eu-west-1',
        S3_ACCESS_KEY_ID: 'key-id',
        S3_SECRET_ACCESS_KEY: 'key-secret',
        S3_FORCE_PATH_STYLE: '1',
        SMTP_URL: 'smtp://mailer:secret@mail.example.org:587',
        MAIL_FROM: 'Notes <notes@example.org>',
        RESET_LINK_MINUTES: '15',
      },
      '/opt/app',
    );
    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/opt/app/var/data',
      databaseUrl: 'postgres://u:p@db:5433/tideline',
      staticDir: '/srv/tideline',
      logLevel: 'debug',
      publicOrigin: 'https://notes.example.org',
      tombstoneTtlMs: 7 * 86_400_000,
      authAttemptsPerIp: 500,
      bearerTokenTtlMs: 7 * 86_400_000,
      trustProxy: ['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'loopback'],
      connectionsPerAddress: 16,
      eventStreamsMax: 100,
      push: {
        vapidKeys: vapid,
        vapidSubject: 'mailto:ops@example.org',
        serviceHosts: ['push.example.org', '*.push.example.net'],
        allowLoopback: true,
        concurrency: 8,
      },
      adminToken: 'an-operator-secret-0123',
      files: {
        maxUploadBytes: 5_000_000,
        graceMs: 2 * 3_600_000,
        uploadExpiryMs: 1_800_000,
        s3: {
          endpoint: 'http://127.0.0.1:9000',
          bucket: 'tideline-files',
          region: 'eu-west-1',
          accessKeyId: 'key-id',
          secretAccessKey: 'key-secret',
          forcePathStyle: true,
        },
      },
      mail: {
        smtpUrl: 'smtp://mailer:secret@mail.example.org:587',
        from: 'Notes <notes@example.org>',
      },
      passwordResetTtlMs: 15 * 60_000,
    });
  });

  it('needs PUBLIC_ORIGIN for SMTP_URL, and never echoes the SMTP password', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:25' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => loadConfig({ SMTP_URL: 'http://u:hunter2@mail.example.org' })).toThrow(
      /^Invalid SMTP_URL: set it to smtp:/,
    );
    expect(() => loadConfig({ SMTP_URL: 'http://u:hunter2@mail.example.org' })).not.toThrow(
      /hunter2/,
    );
  });

  it.each(['10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/8', '::1/129', 'everywhere'])(
    'rejects TRUST_PROXY=%s',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it('refuses file settings that cannot work, never echoing an S3 secret', () => {
    expect(() => loadConfig({ MAX_UPLOAD_BYTES: '10MB' })).toThrow(/MAX_UPLOAD_BYTES "10MB"/);
    expect(() => loadConfig({ MAX_UPLOAD_BYTES: '0' })).toThrow(/MAX_UPLOAD_BYTES/);
    expect(() => loadConfig({ FILE_GRACE_HOURS: 'soon' })).toThrow(/FILE_GRACE_HOURS/);
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/Set S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    let message = '';
    try {
      loadConfig({
        S3_BUCKET: 'files',
        S3_ENDPOINT: 'not a url',
        S3_SECRET_ACCESS_KEY: 'hush-0123',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/S3_ENDPOINT/);
    expect(message).not.toMatch(/hush/);
    expect(() =>
      loadConfig({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'x', S3_SECRET_ACCESS_KEY: '' }),
    ).toThrow(/S3_SECRET_ACCESS_KEY/);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: ' ' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
  });

  it.each(['https://notes.example.org/', 'notes.example.org', 'ftp://x.org', 'https://x.org/app'])(
    'rejects PUBLIC_ORIGIN=%s',
    (origin) => {
      expect(() => loadConfig({ PUBLIC_ORIGIN: origin })).toThrow(/PUBLIC_ORIGIN/);
    },
  );

  it('rejects half a VAPID key pair, a mismatched pair and a bad key, never echoing the private key', () => {
    const other = generateVapidKeyPair();
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: vapid.publicKey })).toThrow(
      /both VAPID_PUBLIC_KEY/,
    );
    const mismatched = startupError(() =>
      loadConfig({ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: other.privateKey }),
    );
    expect(mismatched.message).toMatch(/not a pair/);
    expect(mismatched.message).not.toContain(other.privateKey);
    expect(() =>
      loadConfig({ VAPID_PUBLIC_KEY: 'AAAA', VAPID_PRIVATE_KEY: vapid.privateKey }),
    ).toThrow(/uncompressed P-256 point/);
  });

  it.each([
    ['VAPID_SUBJECT', 'ops@example.org'],
    ['VAPID_SUBJECT', 'http://example.org'],
    ['PUSH_SERVICE_HOSTS', 'https://push.example.org'],
    ['PUSH_SERVICE_HOSTS', '*'],
    ['PUSH_ALLOW_LOOPBACK', 'yes'],
    ['PUSH_CONCURRENCY', '0'],
    ['ADMIN_TOKEN', 'short'],
  ])('rejects %s=%s', (key, value) => {
    const error = startupError(() => loadConfig({ [key]: value }));
    expect(error.message).toContain(key);
    if (key === 'ADMIN_TOKEN') expect(error.message).not.toContain(value);
  });

  it.each(['0', '-3', 'week', '5000'])('rejects TOMBSTONE_TTL_DAYS=%s', (days) => {
    expect(() => loadConfig({ TOMBSTONE_TTL_DAYS: days })).toThrow(/TOMBSTONE_TTL_DAYS/);
  });

  it.each(['abc', '-1', '65536', '80.5', '123456'])('rejects PORT=%s', (port) => {
    const error = startupError(() => loadConfig({ PORT: port }));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toBe(
      `Invalid PORT "${port}": set PORT to a whole number from 0 to 65535`,
    );
  });

  it('rejects an unknown LOG_LEVEL, listing the valid ones', () => {
    const error = startupError(() => loadConfig({ LOG_LEVEL: 'loud' }));
    expect(error.message).toMatch(
      /^Invalid LOG_LEVEL "loud": set LOG_LEVEL to one of fatal, error/,
    );
  });

  it('rejects a DATABASE_URL that is not postgres://, without echoing it', () => {
    const error = startupError(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' }));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toMatch(/^Invalid DATABASE_URL: set it to a postgres:\/\/ URL/);
    expect(error.message).not.toContain('hunter2');
  });
});
