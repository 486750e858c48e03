import { ConfigError, loadConfig, parseStoreUrl } from './onus.config';

describe('configuration', () => {
  it('defaults to the embedded SQLite store on port 3000', () => {
    expect(loadConfig({})).toEqual({
      store: { kind: 'sqlite', path: './data/onus.db' },
      port: 3000,
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
});
