// A Config for tests: a free port, a fresh data directory, silent logs.
import type { Config } from '../config.js';
import { defaultFilesConfig } from '../files/filesConfig.js';
import { DEFAULT_PUSH_SERVICE_HOSTS } from '../push/pushServiceHosts.js';
import { makeTempDir } from './tempDir.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: makeTempDir('tideline-data-'),
    databaseUrl: undefined,
    staticDir: makeTempDir('tideline-static-empty-'),
    logLevel: 'silent',
    publicOrigin: undefined,
    tombstoneTtlMs: 30 * 24 * 60 * 60 * 1000,
    authAttemptsPerIp: 30,
    bearerTokenTtlMs: 30 * 24 * 60 * 60 * 1000,
    trustProxy: [],
    connectionsPerAddress: 128,
    eventStreamsMax: 5000,
    push: {
      vapidKeys: undefined,
      vapidSubject: 'mailto:tests@tideline.invalid',
      serviceHosts: DEFAULT_PUSH_SERVICE_HOSTS,
      allowLoopback: false,
      concurrency: 16,
    },
    adminToken: undefined,
    files: defaultFilesConfig(),
    mail: { smtpUrl: undefined, from: 'Tideline <no-reply@tideline.invalid>' },
    passwordResetTtlMs: 30 * 60 * 1000,
    ...overrides,
  };
}
