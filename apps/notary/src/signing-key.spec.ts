import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoteError, openNote, parseVerifierKey, signNote } from '@onus/integrity';
import { GENERATED_KEY_FILE, loadOrCreateSigningKey, signingKeyFromPem } from './signing-key';

describe('the notary signing key', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'onus-key-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated into the directory on first use (mode 0600) and reused after', () => {
    const first = loadOrCreateSigningKey({ name: 'onus.local/ledger', directory: join(dir, 'd') });
    expect(first.generated).toBe(true);
    expect(first.path).toBe(join(dir, 'd', GENERATED_KEY_FILE));
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSigningKey({ name: 'onus.local/ledger', directory: join(dir, 'd') });
    expect(again.generated).toBe(false);
    expect(again.publicKey).toEqual(first.publicKey);
    expect(again.verifierKey).toBe(first.verifierKey);
    expect(first.publicKeyPem).toContain('BEGIN PUBLIC KEY');

    const verifier = parseVerifierKey(first.verifierKey);
    expect(verifier.keyId).toEqual(first.keyId);
    expect(openNote(signNote('hello\n', again), verifier)).toBe('hello\n');
  });

  it('is read from a given PEM path', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const path = join(dir, 'key.pem');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const key = loadOrCreateSigningKey({ name: 'onus.local/ledger', path, directory: dir });
    expect(key.generated).toBe(false);
    expect(key.path).toBe(path);
    expect(key.verifierKey.startsWith('onus.local/ledger+')).toBe(true);
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(signingKeyFromPem(pem, 'onus.local/ledger').publicKey).toEqual(key.publicKey);
  });

  it('refuses keys that are not Ed25519, missing files and bad names', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const path = join(dir, 'ec.pem');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    expect(() => loadOrCreateSigningKey({ name: 'n', path })).toThrow(NoteError);
    expect(() => loadOrCreateSigningKey({ name: 'n', path: join(dir, 'missing.pem') })).toThrow();
    expect(() => loadOrCreateSigningKey({ name: 'a b', directory: dir })).toThrow(NoteError);
    expect(() => loadOrCreateSigningKey({ name: 'a+b', directory: dir })).toThrow(NoteError);
    expect(() => loadOrCreateSigningKey({ name: 'n' })).toThrow(NoteError);
  });
});
