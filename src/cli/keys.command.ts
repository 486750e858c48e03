import { type ApiKeyRecord, ApiKeyStore, grantProblems, type KeyGrant } from '@onus/access';
import { type OnusConfig } from '@onus/config';
import { EXIT } from './exit-codes';
import { UsageError } from './import.command';

export interface CreateKeyOptions {
  role?: string;
  party?: string;
  engagement?: string[];
  allEngagements?: boolean;
  actor?: string;
  json?: boolean;
}

/**
 * `onus keys …` works on the data directory's key file directly: whoever may read and write
 * that file already holds every key's power, so the command asks for no key itself.
 */
function withKeys<T>(config: OnusConfig, run: (keys: ApiKeyStore) => T): T {
  const keys = ApiKeyStore.inDataDir(config.dataDir);
  try {
    return run(keys);
  } finally {
    keys.close();
  }
}

export function createKeyCommand(config: OnusConfig, options: CreateKeyOptions): number {
  if (options.engagement && options.allEngagements)
    throw new UsageError('--engagement and --all-engagements: give one or the other');
  const candidate = {
    actor: options.actor,
    role: options.role,
    party: options.party,
    engagements:
      options.allEngagements || options.role === 'operator' ? 'all' : (options.engagement ?? []),
  };
  const problems = grantProblems(candidate);
  if (problems.length > 0)
    throw new UsageError(
      problems
        .map((p) => `${p.path === 'engagements' ? '--engagement' : `--${p.path}`}: ${p.reason}`)
        .join('; '),
    );
  const { key, record } = withKeys(config, (keys) => keys.create(candidate as KeyGrant));
  if (options.json) process.stdout.write(`${JSON.stringify({ ...record, key })}\n`);
  else
    process.stdout.write(
      `${describe(record)}\n\n    ${key}\n\nShown once: only its salted hash is kept. Send it as "Authorization: Bearer <key>".\n`,
    );
  return EXIT.ok;
}

export function listKeysCommand(config: OnusConfig, options: { json?: boolean }): number {
  const records = withKeys(config, (keys) => keys.list());
  if (options.json) process.stdout.write(`${JSON.stringify(records)}\n`);
  else if (records.length === 0) process.stdout.write('no API keys\n');
  else for (const record of records) process.stdout.write(`${describe(record)}\n`);
  return EXIT.ok;
}

export function revokeKeyCommand(
  config: OnusConfig,
  id: string,
  options: { json?: boolean },
): number {
  const record = withKeys(config, (keys) => keys.revoke(id));
  if (!record) throw new UsageError(`keys revoke: no API key with id ${id}`);
  if (options.json) process.stdout.write(`${JSON.stringify(record)}\n`);
  else process.stdout.write(`${describe(record)}\n`);
  return EXIT.ok;
}

function describe(record: ApiKeyRecord): string {
  const who = record.role === 'recorder' ? `recorder as ${record.party}` : record.role;
  const where =
    record.engagements === 'all'
      ? 'every engagement'
      : `engagements ${record.engagements.join(', ')}`;
  const state = record.revokedAt ? `revoked ${record.revokedAt}` : `created ${record.createdAt}`;
  return `${record.id}  ${record.actor}: ${who}, ${where} (${state})`;
}
