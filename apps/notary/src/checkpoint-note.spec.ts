import { createHash } from 'node:crypto';
import {
  type Checkpoint,
  ed25519KeyId,
  formatCheckpoint,
  formatVerifierKey,
  NoteError,
  noteVerifier,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  signNote,
  verifyNote,
} from '@onus/integrity';
import { signingKeyFromSeed } from './signing-key';

/**
 * Vectors from golang.org/x/mod/sumdb/note, note_test.go (TestSign, TestNewVerifier,
 * TestVerifierList, TestOpen): the reference implementation of C2SP signed-note. The signer key
 * is `PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 || 32-byte Ed25519 seed)>`.
 */
const GO = {
  signerKey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  verifierKey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  enochKey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text:
    'If you think cryptography is the answer to your problem,\n' +
    "then you don't know what your problem is.\n",
  peterSig:
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig:
    '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

/** The example checkpoint of c2sp.org/tlog-checkpoint (its key is not published). */
const C2SP_CHECKPOINT =
  'example.com/behind-the-sofa\n' +
  '20852163\n' +
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' +
  '\n' +
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';

function goSeed(): Buffer {
  // The base64 key material itself holds '+': take what follows the fourth one.
  const material = Buffer.from(GO.signerKey.split('+').slice(4).join('+'), 'base64');
  expect(material[0]).toBe(0x01);
  return material.subarray(1);
}

const peter = () => signingKeyFromSeed(goSeed(), 'PeterNeumann');

/** A fixed key of our own, for checkpoints. */
const seed = createHash('sha256').update('onus notary test key').digest();
const key = signingKeyFromSeed(seed, 'onus.local/ledger');
const otherKey = signingKeyFromSeed(
  createHash('sha256').update('another key').digest(),
  'onus.local/ledger',
);

const checkpoint: Checkpoint = {
  origin: 'onus.local/ledger',
  size: 7,
  root: createHash('sha256').update('root').digest(),
  timeMs: Date.UTC(2024, 0, 1, 9, 0, 0, 123),
};

describe('signed notes: the Go reference vectors (golang.org/x/mod/sumdb/note)', () => {
  it('derives the key ID and the verifier key string from the seed', () => {
    const k = peter();
    expect(k.keyId.toString('hex')).toBe('c74f20a3');
    expect(k.verifierKey).toBe(GO.verifierKey);
    expect(formatVerifierKey('PeterNeumann', k.publicKey)).toBe(GO.verifierKey);
    expect(parseVerifierKey(GO.verifierKey)).toEqual({
      name: 'PeterNeumann',
      keyId: k.keyId,
      publicKey: k.publicKey,
    });
  });

  it('signs byte for byte like the reference (Ed25519 is deterministic)', () => {
    expect(signNote(GO.text, peter())).toBe(`${GO.text}\n${GO.peterSig}`);
  });

  it('opens the reference note, ignoring a signature by an unknown key', () => {
    const verifier = parseVerifierKey(GO.verifierKey);
    expect(openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, verifier)).toBe(GO.text);
    const enoch = parseVerifierKey(GO.enochKey);
    expect(openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, [verifier, enoch])).toBe(GO.text);
    expect(openNote(`${GO.text}\n${GO.enochSig}`, enoch)).toBe(GO.text);
    expect(verifyNote(`${GO.text}\n${GO.enochSig}`, verifier)).toBe(false);
    expect(verifyNote(`${GO.text}\n${GO.peterSig}`, [])).toBe(false);
  });

  it('rejects what the reference rejects', () => {
    const verifier = parseVerifierKey(GO.verifierKey);
    const bad = [
      GO.text,
      `${GO.text}\n`,
      `${GO.text}\n${GO.peterSig.slice(0, -1)}`,
      `\x01${GO.text}\n${GO.peterSig}`,
      `${GO.text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO.text}\n${GO.peterSig}Unexpected line.\n`,
      `${GO.text}\n${GO.peterSig.repeat(101)}`,
      `${GO.text}\n${GO.peterSig.slice(0, 60)}ABCD${GO.peterSig.slice(60)}`,
      `${GO.text.replace('cryptography', 'cryptographY')}\n${GO.peterSig}`,
    ];
    for (const note of bad) {
      expect(() => openNote(note, verifier)).toThrow(NoteError);
      expect(verifyNote(note, verifier)).toBe(false);
    }
    // Invalid UTF-8, as bytes.
    const bytes = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${GO.text}\n${GO.peterSig}`)]);
    expect(() => openNote(bytes, verifier)).toThrow(NoteError);
    expect(openNote(Buffer.from(`${GO.text}\n${GO.peterSig}`), verifier)).toBe(GO.text);
  });

  it('rejects mangled verifier keys', () => {
    expect(() => parseVerifierKey(GO.verifierKey.replace('c74f20a3', 'c74f20a4'))).toThrow(
      NoteError,
    );
    expect(() => parseVerifierKey(GO.verifierKey.replace('Peter', 'Pete'))).toThrow(NoteError);
    expect(() => parseVerifierKey(GO.verifierKey.slice(0, -2))).toThrow(NoteError);
    expect(() => parseVerifierKey(GO.verifierKey.replace('+AR', '+Ah'))).toThrow(NoteError);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(NoteError);
  });
});

describe('tlog-checkpoint bodies', () => {
  it('parses the c2sp.org/tlog-checkpoint example', () => {
    const { text, signatures } = parseNote(C2SP_CHECKPOINT);
    expect(parseCheckpoint(text)).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      root: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64'),
    });
    expect(signatures).toHaveLength(1);
    expect(signatures[0]!.name).toBe('example.com/behind-the-sofa');
    expect(signatures[0]!.signature).toHaveLength(64);
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });

  it('formats origin, size, base64 root and the time extension line', () => {
    expect(formatCheckpoint(checkpoint)).toBe(
      'onus.local/ledger\n7\n' +
        `${checkpoint.root.toString('base64')}\n` +
        'time 2024-01-01T09:00:00.123Z\n',
    );
    expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
    const { timeMs: _, ...untimed } = checkpoint;
    expect(formatCheckpoint(untimed).split('\n')).toHaveLength(4);
  });

  it('keeps unknown extension lines', () => {
    const text = formatCheckpoint({ ...checkpoint, extensions: ['other thing'] });
    expect(parseCheckpoint(text).extensions).toEqual(['other thing']);
  });

  it.each([
    ['no final newline', 'a\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I='],
    ['two lines', 'a\n1\n'],
    ['leading zero', 'a\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['sign', 'a\n+1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
    ['short root', 'a\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n'],
    ['non-canonical base64', 'a\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n'],
    ['empty extension', 'a\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n'],
    ['bad time', 'a\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\ntime 2024-01-01\n'],
    ['huge size', 'a\n9007199254740992\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n'],
  ])('rejects a body with %s', (_, text) => {
    expect(() => parseCheckpoint(text)).toThrow(NoteError);
  });
});

describe('signed checkpoints', () => {
  const note = signNote(formatCheckpoint(checkpoint), key);
  const verifier = parseVerifierKey(key.verifierKey);

  it('round-trips', () => {
    expect(note.startsWith(formatCheckpoint(checkpoint) + '\n— onus.local/ledger ')).toBe(true);
    expect(openCheckpoint(note, verifier, 'onus.local/ledger')).toEqual(checkpoint);
    expect(openCheckpoint(note, noteVerifier(key.name, key.publicKey))).toEqual(checkpoint);
    expect(ed25519KeyId(key.name, key.publicKey)).toEqual(key.keyId);
  });

  it('is deterministic for a fixed key', () => {
    expect(signNote(formatCheckpoint(checkpoint), key)).toBe(note);
  });

  it('fails with another key, or another origin', () => {
    expect(verifyNote(note, parseVerifierKey(otherKey.verifierKey))).toBe(false);
    // Same name, another key: the key IDs differ, so it is an unknown signer.
    expect(() => openCheckpoint(note, parseVerifierKey(otherKey.verifierKey))).toThrow(
      'no signature by a trusted key',
    );
    expect(() => openCheckpoint(note, verifier, 'onus.local/other')).toThrow(NoteError);
  });

  it('fails when the size, the root, the origin, the time or the signature is changed', () => {
    const [originLine, sizeLine, rootLine] = note.split('\n') as [string, string, string];
    const root = Buffer.from(rootLine, 'base64');
    root[0] = root[0]! ^ 1;
    const sigAt = note.lastIndexOf(' ') + 10;
    const flipped = note[sigAt] === 'A' ? 'B' : 'A';
    const tampered = [
      note.replace(`\n${sizeLine}\n`, '\n8\n'),
      note.replace(rootLine, root.toString('base64')),
      note.replace(originLine, 'onus.local/ledgers'),
      note.replace('09:00:00.123Z', '09:00:00.124Z'),
      note.replace('time 2024-01-01T09:00:00.123Z\n', ''),
      note.slice(0, sigAt) + flipped + note.slice(sigAt + 1),
    ];
    for (const t of tampered) {
      expect(t).not.toBe(note);
      expect(verifyNote(t, verifier)).toBe(false);
    }
  });

  it('verifies alongside a witness cosignature it does not know', () => {
    const cosigned = note + GO.enochSig;
    expect(openCheckpoint(cosigned, verifier)).toEqual(checkpoint);
  });
});
