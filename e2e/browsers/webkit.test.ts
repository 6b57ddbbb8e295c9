// The cross-browser journey in WebKitGTK, Safari's engine (WebKitWebDriver + MiniBrowser).
import { describe } from 'node:test';
import { launchWebKit } from './webkitEngine';
import { journey } from './journey';

describe('WebKit', { timeout: 180_000 }, () => journey(launchWebKit));
