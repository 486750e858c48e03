import { ConfigError, loadConfig, parseStoreUrl } from './onus.config';

describe('configuration', () => {
  it('defaults to the embedded SQLite store on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: { kind: 'sqlite', path: './data/onus.db' },
      port: 3000,
      dataDir: './data',
      notary: { origin: 'onus.local/ledger', everyEvents: 1000, everyMs: 60_000 },
      rateLimitPerMinute: 300_000,
      verdictStates: 32,
    });
  });

  it.each([
    ['sqlite:/var/lib/onus/ledger.db', { kind: 'sqlite', path: '/var/lib/onus/ledger.db' }],
    ['memory:', { kind: 'memory' }],
    [
      'esdb://localhost:2113?tls=false',
      { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' },
    ],
    [
      'esdb+discover://admin:changeit@node1.example:2113,node2.example:2113?tls=true',
      {
        kind: 'esdb',
        connectionString:
          'esdb+discover://admin:changeit@node1.example:2113,node2.example:2113?tls=true',
      },
    ],
  ])('accepts %s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual(expected);
  });

  it.each(['postgres://x', 'sqlite:', 'esdb://', 'memory', 'esdb://bad host'])(
    'refuses %p with one line naming ONUS_STORE',
    (url) => {
      expect(() => loadConfig({ ONUS_STORE: url })).toThrow(ConfigError);
      expect(() => loadConfig({ ONUS_STORE: url })).toThrow(
        /^ONUS_STORE: .*accepts sqlite:PATH, memory:/,
      );
    },
  );

  it('names the command-line flag when the override is wrong', () => {
    expect(() => loadConfig({}, { store: 'nope' })).toThrow(/^--store: /);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^PORT: "eighty" is not a port/);
  });

  it('keeps its own files next to a SQLite store, or where ONUS_DATA_DIR says', () => {
    expect(loadConfig({ ONUS_STORE: 'sqlite:/var/lib/onus/ledger.db' }).dataDir).toBe(
      '/var/lib/onus',
    );
    expect(loadConfig({ ONUS_STORE: 'memory:' }).dataDir).toBe('./data');
    expect(loadConfig({ ONUS_DATA_DIR: '/srv/onus' }).dataDir).toBe('/srv/onus');
  });

  it('reads the notary settings and names the variable of a bad one', () => {
    const env = {
      ONUS_CHECKPOINT_EVERY_EVENTS: '10',
      ONUS_CHECKPOINT_EVERY_SECONDS: '5',
      ONUS_NOTARY_ORIGIN: 'ledger.example/onus',
    };
    expect(loadConfig(env).notary).toEqual({
      origin: 'ledger.example/onus',
      everyEvents: 10,
      everyMs: 5000,
    });
    expect(() => loadConfig({ ONUS_SIGNING_KEY: '/nonexistent/key.pem' })).toThrow(
      /^ONUS_SIGNING_KEY: no file at/,
    );
    expect(() => loadConfig({ ONUS_CHECKPOINT_EVERY_EVENTS: '0' })).toThrow(
      /^ONUS_CHECKPOINT_EVERY_EVENTS: /,
    );
    expect(() => loadConfig({ ONUS_CHECKPOINT_EVERY_SECONDS: 'soon' })).toThrow(
      /^ONUS_CHECKPOINT_EVERY_SECONDS: /,
    );
    expect(() => loadConfig({ ONUS_NOTARY_ORIGIN: 'has space' })).toThrow(/^ONUS_NOTARY_ORIGIN: /);
  });

  it('reads the per-key rate limit and names the variable of a bad one', () => {
    expect(loadConfig({ ONUS_VERDICT_STATES: '3' }).verdictStates).toBe(3);
    expect(() => loadConfig({ ONUS_VERDICT_STATES: '0' })).toThrow(/^ONUS_VERDICT_STATES: /);
    expect(loadConfig({ ONUS_RATE_LIMIT_PER_MINUTE: '5' }).rateLimitPerMinute).toBe(5);
    expect(() => loadConfig({ ONUS_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(
      /^ONUS_RATE_LIMIT_PER_MINUTE: "lots" is not a number of requests/,
    );
    expect(() => loadConfig({ ONUS_RATE_LIMIT_PER_MINUTE: '0' })).toThrow(
      /^ONUS_RATE_LIMIT_PER_MINUTE: /,
    );
  });
});
