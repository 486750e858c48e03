import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Typed configuration, read and validated once at start-up. A bad value stops the process
 * with one line that names the variable and what it accepts.
 */

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly connectionString: string };

export interface NotaryConfig {
  /** ONUS_SIGNING_KEY: an Ed25519 private key in PEM; absent, one is generated into `dataDir`. */
  readonly signingKeyPath?: string;
  /** The checkpoints' origin line and key name (ONUS_NOTARY_ORIGIN). */
  readonly origin: string;
  /** A checkpoint every N events (ONUS_CHECKPOINT_EVERY_EVENTS)… */
  readonly everyEvents: number;
  /** …or every T milliseconds with new events (ONUS_CHECKPOINT_EVERY_SECONDS), whichever first. */
  readonly everyMs: number;
}

export interface OnusConfig {
  readonly store: StoreConfig;
  readonly port: number;
  /** Where Onus keeps its own files (the generated signing key; the notary's file off SQLite). */
  readonly dataDir: string;
  readonly notary: NotaryConfig;
  /** Requests one API key may make per minute (ONUS_RATE_LIMIT_PER_MINUTE); 429 beyond it. */
  readonly rateLimitPerMinute: number;
  /** Engagements whose events and rule state the audit API keeps in memory (ONUS_VERDICT_STATES). */
  readonly verdictStates: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export const DEFAULT_STORE = 'sqlite:./data/onus.db';

export function parseStoreUrl(value: string, variable = 'ONUS_STORE'): StoreConfig {
  const accepted =
    'accepts sqlite:PATH, memory: or an esdb:// / esdb+discover:// connection string';
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path.length === 0)
      throw new ConfigError(variable, `sqlite: needs a file path (${accepted})`);
    return { kind: 'sqlite', path };
  }
  if (value === 'memory:') return { kind: 'memory' };
  if (/^esdb(\+discover)?:\/\//.test(value)) {
    const hosts = value.replace(/^esdb(\+discover)?:\/\//, '').split(/[/?]/)[0] ?? '';
    const hostPattern = /^([^@]+@)?[A-Za-z0-9.[\]:-]+(:\d+)?$/;
    if (hosts.length === 0 || !hosts.split(',').every((host) => hostPattern.test(host))) {
      throw new ConfigError(variable, `"${value}" has no valid host (${accepted})`);
    }
    return { kind: 'esdb', connectionString: value };
  }
  throw new ConfigError(variable, `"${value}" is not a store URL; it ${accepted}`);
}

export function parsePort(value: string, variable = 'PORT'): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      variable,
      `"${value}" is not a port; it accepts an integer from 0 to 65535`,
    );
  }
  return port;
}

function parseCount(value: string, variable: string, what: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(
      variable,
      `"${value}" is not ${what}; it accepts a whole number of at least 1`,
    );
  }
  return n;
}

function parseNotary(env: NodeJS.ProcessEnv): NotaryConfig {
  const key = env.ONUS_SIGNING_KEY;
  if (key !== undefined && !existsSync(key)) {
    throw new ConfigError(
      'ONUS_SIGNING_KEY',
      `no file at "${key}"; it accepts the path of an Ed25519 private key in PEM`,
    );
  }
  const origin = env.ONUS_NOTARY_ORIGIN ?? 'onus.local/ledger';
  if (!/^[!-*,-~][!-*,-~]*$/.test(origin) || origin.includes('+')) {
    throw new ConfigError(
      'ONUS_NOTARY_ORIGIN',
      `"${origin}" is not a checkpoint origin; it accepts printable ASCII without spaces or "+"`,
    );
  }
  return {
    ...(key !== undefined ? { signingKeyPath: key } : {}),
    origin,
    everyEvents: parseCount(
      env.ONUS_CHECKPOINT_EVERY_EVENTS ?? '1000',
      'ONUS_CHECKPOINT_EVERY_EVENTS',
      'a number of events',
    ),
    everyMs:
      parseCount(
        env.ONUS_CHECKPOINT_EVERY_SECONDS ?? '60',
        'ONUS_CHECKPOINT_EVERY_SECONDS',
        'a number of seconds',
      ) * 1000,
  };
}

/** Reads the environment, with command-line overrides taking precedence. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: { store?: string; port?: string } = {},
): OnusConfig {
  const store =
    overrides.store !== undefined
      ? parseStoreUrl(overrides.store, '--store')
      : parseStoreUrl(env.ONUS_STORE ?? DEFAULT_STORE);
  return {
    store,
    port:
      overrides.port !== undefined
        ? parsePort(overrides.port, '--port')
        : parsePort(env.PORT ?? '3000'),
    // Next to the SQLite file by default (./data for the default store), else ./data.
    dataDir:
      env.ONUS_DATA_DIR ??
      (store.kind === 'sqlite' && store.path !== ':memory:' ? dirname(store.path) : './data'),
    notary: parseNotary(env),
    // Generous: above what one process can append, so that only floods and runaway loops hit it.
    rateLimitPerMinute: parseCount(
      env.ONUS_RATE_LIMIT_PER_MINUTE ?? '300000',
      'ONUS_RATE_LIMIT_PER_MINUTE',
      'a number of requests',
    ),
    // A state is about as large as its engagement's events: a bound, well above the engagements
    // one reviewer works on at a time.
    verdictStates: parseCount(
      env.ONUS_VERDICT_STATES ?? '32',
      'ONUS_VERDICT_STATES',
      'a number of engagements',
    ),
  };
}
