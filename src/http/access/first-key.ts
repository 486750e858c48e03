import { ApiKeyStore } from '@onus/access';

/**
 * On the first start (no key was ever made in this data directory) there is no other way in:
 * make one operator key and print it once. Once any key exists, nothing is made, even when all
 * are revoked: `onus keys create` on the host is the way back then.
 */
export function ensureFirstOperatorKey(
  dataDir: string,
  write: (text: string) => void = (text) => process.stderr.write(text),
): string | undefined {
  const keys = ApiKeyStore.inDataDir(dataDir);
  try {
    if (keys.list().length > 0) return undefined;
    const { key, record } = keys.create({
      actor: 'first-operator',
      role: 'operator',
      engagements: 'all',
    });
    write(
      [
        '',
        `onus: no API keys yet; made the first operator key (id ${record.id}). It is shown once, here:`,
        '',
        `    ${key}`,
        '',
        '  Call the API with "Authorization: Bearer <key>". Make more keys with this one',
        '  (POST /v1/api-keys) or on this host with `onus keys create --role ROLE --actor NAME ...`.',
        '',
      ].join('\n') + '\n',
    );
    return key;
  } finally {
    keys.close();
  }
}
