/**
 * Typed configuration, read and validated once at start-up. A bad value stops the process
 * with one line that names the variable and what it accepts.
 */

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly connectionString: string };

export interface OnusConfig {
  readonly store: StoreConfig;
  readonly port: number;
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

/** Reads the environment, with command-line overrides taking precedence. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  overrides: { store?: string; port?: string } = {},
): OnusConfig {
  return {
    store:
      overrides.store !== undefined
        ? parseStoreUrl(overrides.store, '--store')
        : parseStoreUrl(env.ONUS_STORE ?? DEFAULT_STORE),
    port:
      overrides.port !== undefined
        ? parsePort(overrides.port, '--port')
        : parsePort(env.PORT ?? '3000'),
  };
}
