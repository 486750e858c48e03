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

/**
 * API keys in a SQLite file of the data directory, shared by every process on it. Each request
 * looks its key up by id (the primary key), so a revocation holds from the next request on.
 */
export class ApiKeyStore {
  private readonly db: Database.Database;
  private readonly byId: Database.Statement<[string], Row>;

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
    return this.get(id);
  }

  /** The grant of a presented key, or why there is none (never the secret). */
  authenticate(
    presented: string,
  ): { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' } {
    const parsed = parseKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const row = this.byId.get(parsed.id);
    if (!row || !secretMatches(row.salt, parsed.secret, row.hash))
      return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, key: toRecord(row) };
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
