import { describe, expect, it } from 'vitest';
import { ManualPlatform, manualPlatform } from './install';

describe('manualPlatform', () => {
  it('picks the "Add to Home Screen" instructions for the browser', () => {
    expect(
      manualPlatform(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe(ManualPlatform.IosSafari);
    // iPadOS asks for the desktop site: a Mac that says Mobile.
    expect(
      manualPlatform(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe(ManualPlatform.IosSafari);
    expect(
      manualPlatform(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
      ),
    ).toBe(ManualPlatform.MacSafari);
    expect(
      manualPlatform('Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0'),
    ).toBe(ManualPlatform.FirefoxAndroid);
    expect(
      manualPlatform('Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0'),
    ).toBe(ManualPlatform.Other);
  });
});
