import { describe, expect, it } from 'vitest';
import { redactUrl } from './redactUrl.js';

const token = 'Zk3v9Qm2XhY0bT8sJw4nLc1pRa6eUd5oGi7yHf2kMqs';
const uuid = '0190f1c2-7a4b-7c3d-8e5f-0123456789ab';

describe('redactUrl', () => {
  it.each([
    [`/api/invites/${token}/accept`, '/api/invites/[redacted]/accept'],
    [`/api/invites/${token}`, '/api/invites/[redacted]'],
    [`/join/${token}`, '/join/[redacted]'],
    [`/join/short`, '/join/[redacted]'],
    [`/reset-password/short`, '/reset-password/[redacted]'],
    [`/reset-password#${token}`, '/reset-password'],
    [`/reset-password?token=${token}`, '/reset-password?token=[redacted]'],
    [`/sign-in?next=%2Fjoin%2F${token}`, '/sign-in?next=[redacted]'],
    [`/sign-in?next=/join/${token}`, '/sign-in?next=[redacted]'],
    [`/api/things?token=abc&x=1`, '/api/things?token=[redacted]&x=1'],
    [`/api/things?access_key=abc`, '/api/things?access_key=[redacted]'],
    [`/api/anything/${token}?a=${token}`, '/api/anything/[redacted]?a=[redacted]'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain(token);
  });

  it.each([
    `/api/notebooks/${uuid}/invites/${uuid}`,
    `/api/notebooks/${uuid}/invites`,
    '/api/sync/pull',
    '/notebooks?tab=recent&page=2',
    '/assets/index-B2x9aQ.js',
  ])('keeps %s as it is', (url) => {
    expect(redactUrl(url)).toBe(url);
  });
});
