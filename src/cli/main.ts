#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { startHttp } from '../http/start-http';
import { AllInOneModule } from '../app.module';
import { ConfigError, loadConfig } from '@onus/config';

/** Exit codes of every command: 0 success, 1 a failed check, 2 bad usage or input. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function buildCli(): Command {
  const program = new Command('onus')
    .description('Onus: an accountability ledger for managed security')
    .option('--store <url>', 'event store: sqlite:PATH, memory: or esdb://… (overrides ONUS_STORE)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('serve')
    .description(
      'the all-in-one process: write API, audit API, notary and projections over one store',
    )
    .option('--port <port>', 'HTTP port (overrides PORT)')
    .action(async (options: { port?: string }) => {
      const { store } = program.opts<{ store?: string }>();
      const config = loadConfig(process.env, { store, port: options.port });
      await startHttp(AllInOneModule.forRoot(config), config);
    });

  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv as string[]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`onus: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
}

if (require.main === module) {
  void runCli(process.argv).then((code) => {
    if (code !== EXIT.ok) process.exit(code);
  });
}
