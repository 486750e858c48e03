import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  grantProblems,
  hashSecret,
  issueSecret,
  parseKey,
  sameSecret,
  secretMatches,
} from './api-key';
import { ApiKeyStore } from './api-key-store';

describe('API keys', () => {
  it('are onus_<16 hex id>_<43 base64url chars: 256 random bits>, each with its own salt', () => {
    const a = issueSecret();
    const b = issueSecret();
    expect(a.key).toMatch(/^onus_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(parseKey(a.key)!.secret, 'base64url')).toHaveLength(32);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(parseKey(a.key)).toEqual({ id: a.id, secret: a.key.slice(22) });
  });

  it('match only their own secret under their own salt', () => {
    const issued = issueSecret();
    const secret = parseKey(issued.key)!.secret;
    expect(secretMatches(issued.salt, secret, issued.hash)).toBe(true);
    expect(secretMatches(issued.salt, `${secret.slice(0, -1)}x`, issued.hash)).toBe(false);
    expect(secretMatches(issueSecret().salt, secret, issued.hash)).toBe(false);
    expect(hashSecret(issued.salt, secret).equals(issued.hash)).toBe(true);
  });

  it.each(['', 'onus_', 'onus_abc_def', `onus_${'0'.repeat(16)}_${'A'.repeat(42)}`, 'Bearer x'])(
    'parse nothing from %p',
    (text) => expect(parseKey(text)).toBeUndefined(),
  );

  it('bind recorders to a party and named engagements, operators to every engagement', () => {
    expect(
      grantProblems({ actor: 'a', role: 'recorder', party: 'mssp', engagements: ['e'] }),
    ).toEqual([]);
    expect(grantProblems({ actor: 'a', role: 'operator', engagements: 'all' })).toEqual([]);
    expect(grantProblems({ actor: 'a', role: 'auditor', engagements: 'all' })).toEqual([]);
    expect(
      grantProblems({ actor: 'a', role: 'recorder', party: 'operator', engagements: ['e'] }),
    ).toEqual([{ path: 'party', reason: expect.stringMatching(/client, mssp, third_party/) }]);
    expect(
      grantProblems({ actor: 'a', role: 'recorder', party: 'mssp', engagements: 'all' }),
    ).toEqual([{ path: 'engagements', reason: expect.stringMatching(/names its engagements/) }]);
    expect(grantProblems({ actor: 'a', role: 'operator', engagements: ['e'] })).toEqual([
      { path: 'engagements', reason: 'an operator key covers every engagement' },
    ]);
    expect(grantProblems({ actor: 'a', role: 'auditor', engagements: ['bad id!'] })).toEqual([
      { path: 'engagements', reason: expect.stringMatching(/engagement ids/) },
    ]);
  });

  describe('store', () => {
    let dir: string;
    let store: ApiKeyStore;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'onus-keys-'));
      store = ApiKeyStore.inDataDir(join(dir, 'nested'));
    });
    afterEach(() => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('authenticates a key until it is revoked, and says why it does not', () => {
      const { key, record } = store.create({ actor: 'x', role: 'auditor', engagements: ['e'] });
      expect(store.authenticate(key)).toEqual({ ok: true, key: record });
      expect(store.authenticate(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toEqual({
        ok: false,
        reason: 'unknown',
      });
      expect(store.authenticate('nonsense')).toEqual({ ok: false, reason: 'malformed' });
      expect(store.revoke(record.id)?.revokedAt).toEqual(expect.any(String));
      expect(store.authenticate(key)).toEqual({ ok: false, reason: 'revoked' });
    });

    it('a revocation by another connection to the file holds from the next request', () => {
      const { key, record } = store.create({ actor: 'x', role: 'auditor', engagements: ['e'] });
      const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
      // Checked once, then found in memory: a wrong secret for the same id is still refused.
      expect(store.authenticate(key)).toEqual({ ok: true, key: record });
      expect(store.authenticate(key)).toEqual({ ok: true, key: record });
      expect(store.authenticate(wrong)).toEqual({ ok: false, reason: 'unknown' });
      expect(store.authenticate(key)).toEqual({ ok: true, key: record });
      // Another process (here, another connection) revokes it.
      const other = ApiKeyStore.inDataDir(join(dir, 'nested'));
      try {
        expect(other.revoke(record.id)?.revokedAt).toEqual(expect.any(String));
      } finally {
        other.close();
      }
      expect(store.authenticate(key)).toEqual({ ok: false, reason: 'revoked' });
      expect(store.authenticate(wrong)).toEqual({ ok: false, reason: 'unknown' });
    });

    it('compares secrets by content and length', () => {
      expect(sameSecret('abc', 'abc')).toBe(true);
      expect(sameSecret('abc', 'abd')).toBe(false);
      expect(sameSecret('abc', 'ab')).toBe(false);
      expect(sameSecret('', '')).toBe(true);
    });

    it('refuses to store an invalid grant', () => {
      expect(() =>
        store.create({ actor: 'x', role: 'recorder', party: 'mssp', engagements: 'all' }),
      ).toThrow(/engagements: /);
      expect(store.list()).toEqual([]);
    });
  });
});
