import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDirectory } from './ensure-directory';

describe('ensureDirectory', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'onus-dir-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes the directory and its missing parents, and leaves an existing one be', () => {
    const deep = join(root, 'a', 'b', 'c');
    ensureDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    ensureDirectory(deep);
    ensureDirectory(root);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails with the path when a file stands where a parent should be', () => {
    writeFileSync(join(root, 'file'), '');
    expect(() => ensureDirectory(join(root, 'file', 'x'))).toThrow(/file/);
  });

  it('fails, rather than looping, under /proc, where Node’s recursive mkdir never returns', () => {
    expect(() => ensureDirectory('/proc/onus-no-such/dir')).toThrow(/ENOENT.*\/proc\/onus-no-such/);
  });
});
