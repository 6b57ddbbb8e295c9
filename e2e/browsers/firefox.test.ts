// The cross-browser journey in Firefox ESR (puppeteer-core over WebDriver BiDi).
import { describe } from 'node:test';
import { launchFirefox } from './firefoxEngine';
import { journey } from './journey';

describe('Firefox', { timeout: 180_000 }, () => journey(launchFirefox));
