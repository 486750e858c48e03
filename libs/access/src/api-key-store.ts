import { ensureDirectory } from '@onus/config';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type ApiKeyRecord,
  grantProblems,
  issueSecret,
  type KeyGrant,
  parseKey,
  type RecorderParty,
  type Role,
  sameSecret,
  secretMatches,
} from './api-key';

interface Row {
  id: string;
  salt: Buffer;
  hash: Buffer;
  actor: string;
  role: Role;
  party: RecorderParty | null;
  engagements: string | null;
  created_at: string;
  revoked_at: string | null;
}

export const KEYS_FILE = 'keys.db';

/** Keys kept in memory at most; beyond, the memory starts again empty. */
const CACHED_KEYS = 1024;

/** A key's row as read, its grant, and the secret last presented for it that matched its hash. */
interface CachedKey {
  readonly row: Row;
  readonly record: ApiKeyRecord;
  secret?: string;
}

/**
 * API keys in a SQLite file of the data directory, shared by every process on it. Each request's
 * key is found by id, so a revocation holds from the next request on, in every process: the rows
 * a process has read are kept in memory only while SQLite's `data_version` says no other
 * connection has written the file since (a look at the WAL's header, not a read of the row), and
 * this store's own writes drop them. With a row, the secret that last matched its hash is kept,
 * so that the same key on the next request is compared with it (in constant time) instead of
 * hashed again: the HMAC, its buffers and the read were a fifth of an append's time.
 */
export class ApiKeyStore {
  private readonly db: Database.Database;
  private readonly byId: Database.Statement<[string], Row>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly cached = new Map<string, CachedKey>();
  private cachedVersion: number | undefined;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      id TEXT PRIMARY KEY,
      salt BLOB NOT NULL,
      hash BLOB NOT NULL,
      actor TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('operator', 'recorder', 'auditor')),
      party TEXT,
      engagements TEXT,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT`);
    this.byId = this.db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** The row of a key id and its record, from memory while the file is unchanged. */
  private lookUp(id: string): CachedKey | undefined {
    const version = this.dataVersion.get()!;
    if (version !== this.cachedVersion) {
      this.cached.clear();
      this.cachedVersion = version;
    }
    let entry = this.cached.get(id);
    if (!entry) {
      const row = this.byId.get(id);
      if (!row) return undefined;
      if (this.cached.size >= CACHED_KEYS) this.cached.clear();
      entry = { row, record: toRecord(row) };
      this.cached.set(id, entry);
    }
    return entry;
  }

  /** The store of a data directory, created with it when missing. */
  static inDataDir(dataDir: string): ApiKeyStore {
    ensureDirectory(dataDir);
    return new ApiKeyStore(join(dataDir, KEYS_FILE));
  }

  /** Makes a key; the returned `key` is the only time the secret exists outside the caller. */
  create(grant: KeyGrant, now = new Date()): { key: string; record: ApiKeyRecord } {
    const problems = grantProblems(grant);
    if (problems.length > 0)
      throw new Error(
        `not a valid key: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`,
      );
    const issued = issueSecret();
    this.db
      .prepare(
        `INSERT INTO api_keys (id, salt, hash, actor, role, party, engagements, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        issued.id,
        issued.salt,
        issued.hash,
        grant.actor,
        grant.role,
        grant.role === 'recorder' ? (grant.party ?? null) : null,
        grant.role === 'operator' || grant.engagements === 'all'
          ? null
          : JSON.stringify(grant.engagements),
        now.toISOString(),
      );
    return { key: issued.key, record: toRecord(this.byId.get(issued.id)!) };
  }

  list(): ApiKeyRecord[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM api_keys ORDER BY created_at, id')
      .all()
      .map(toRecord);
  }

  get(id: string): ApiKeyRecord | undefined {
    const row = this.byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  /** Revokes a key (idempotent); undefined when there is no key with that id. */
  revoke(id: string, now = new Date()): ApiKeyRecord | undefined {
    this.db
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(now.toISOString(), id);
    // This connection's own writes leave data_version as it was.
    this.cached.clear();
    return this.get(id);
  }

  /** The grant of a presented key, or why there is none (never the secret). */
  authenticate(
    presented: string,
  ): { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' } {
    const parsed = parseKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const found = this.lookUp(parsed.id);
    if (!found) return { ok: false, reason: 'unknown' };
    const known = found.secret !== undefined && sameSecret(found.secret, parsed.secret);
    if (!known) {
      if (!secretMatches(found.row.salt, parsed.secret, found.row.hash))
        return { ok: false, reason: 'unknown' };
      found.secret = parsed.secret;
    }
    if (found.row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, key: found.record };
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: Row): ApiKeyRecord {
  return {
    id: row.id,
    actor: row.actor,
    role: row.role,
    ...(row.party !== null ? { party: row.party } : {}),
    engagements:
      row.role === 'operator' || row.engagements === null
        ? 'all'
        : (JSON.parse(row.engagements) as string[]),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
