#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '@onus/config';
import { EXIT } from './exit-codes';
import {
  type AuditOptions,
  scorecardCommand,
  timelineCommand,
  verdictCommand,
} from './audit.commands';
import { bundleCommand, verifyBundleCommand } from './bundle.command';
import { importCommand, UsageError } from './import.command';
import { rebuildProjectionsCommand } from './projections.command';
import { reportCommand } from './report.command';
import {
  type CreateKeyOptions,
  createKeyCommand,
  listKeysCommand,
  revokeKeyCommand,
} from './keys.command';
import { ingestCommand } from './ingest.command';
import { verifyCommand } from './verify.command';

export { EXIT };

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
      // Loaded here, not at the top: the other commands start faster without Nest.
      const [{ startHttp }, { AllInOneModule }] = await Promise.all([
        import('../http/start-http'),
        import('../app.module'),
      ]);
      await startHttp(AllInOneModule.forRoot(config), config);
    });

  program
    .command('import')
    .description(
      'append NDJSON envelopes as an operator import (party and recordedAt from each line)',
    )
    .argument('<file>', 'an NDJSON file, or - for standard input')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (file: string, options: { json?: boolean }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await importCommand(file, loadConfig(process.env, { store }), options);
    });

  program
    .command('ingest')
    .description(
      "record alerts from their native formats as the MSSP's AlertRaised events (docs/INGEST.md)",
    )
    .argument('<source>', 'suricata (EVE JSON), ocsf (Detection Finding) or wazuh (alerts.json)')
    .argument('<file>', 'the records, or - for standard input')
    .option('--engagement <id>', 'the engagement the alerts belong to')
    .option('--json', 'print the summary as JSON on stdout')
    .action(
      async (source: string, file: string, options: { engagement?: string; json?: boolean }) => {
        const { store } = program.opts<{ store?: string }>();
        exitCode = await ingestCommand(source, file, loadConfig(process.env, { store }), options);
      },
    );

  program
    .command('verdict')
    .description('who was responsible: the verdict of responsibility.md')
    .option('--engagement <id>', 'the engagement')
    .option('--incident <id>', 'narrow the verdict to one incident')
    .option('--as-of <time>', 'ISO-8601 time; only events recorded by then count (default: now)')
    .option('--json', 'the verdict document as JSON on stdout')
    .action(async (options: AuditOptions) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await verdictCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('timeline')
    .description(
      "the engagement's (or incident's) events in effective-time order, with who did what",
    )
    .option('--engagement <id>', 'the engagement')
    .option('--incident <id>', 'only what concerns one incident')
    .option('--as-of <time>', 'ISO-8601 time; only events recorded by then count (default: now)')
    .option('--json', 'the timeline as JSON on stdout')
    .action(async (options: AuditOptions) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await timelineCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('scorecard')
    .description('the vendor-assessment scorecard of interfaces.md')
    .option('--engagement <id>', 'the engagement')
    .option('--from <time>', "ISO-8601 start of the period (default: the engagement's start)")
    .option('--to <time>', 'ISO-8601 end of the period (default: now)')
    .option('--json', 'the scorecard as JSON on stdout')
    .action(async (options: AuditOptions) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await scorecardCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('verify')
    .description(
      "checks every stream's hash chain over the whole store; names the first bad position",
    )
    .option('--json', 'the report as JSON on stdout')
    .option(
      '--key <verifierKey>',
      "the notary's verifier key (as GET /v1/keys gives it); default: its key file",
    )
    .action(async (options: { json?: boolean; key?: string }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await verifyCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('bundle')
    .description(
      "the evidence bundle of a verdict: its events' streams, inclusion proofs, the signed checkpoint and the notary's key, as JSON",
    )
    .option('--engagement <id>', 'the engagement')
    .option('--incident <id>', 'the verdict of one incident')
    .option(
      '--as-of <time>',
      "ISO-8601 time of the verdict; not after the checkpoint (default: the checkpoint's time)",
    )
    .option('--out <file>', 'write the bundle to this file instead of stdout')
    .action(async (options: AuditOptions & { out?: string }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await bundleCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('report')
    .description(
      'the review page (verdict, findings, timeline and coverage charts, scorecard, terms, checkpoint) as one self-contained HTML file',
    )
    .option('--engagement <id>', 'the engagement')
    .option('--incident <id>', 'the review of one incident')
    .option('--as-of <time>', 'ISO-8601 time; only events recorded by then count (default: now)')
    .option('--out <file>', 'the HTML file to write')
    .action(async (options: AuditOptions & { out?: string }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await reportCommand(loadConfig(process.env, { store }), options);
    });

  program
    .command('verify-bundle')
    .description(
      'checks an evidence bundle offline (no store, no network): signature, hashes, chains, inclusion proofs, and the rules re-run; exit 0 valid, 1 invalid, 2 malformed',
    )
    .argument('<file>', 'the bundle, or - for standard input')
    .option('--key <verifierKey>', "the notary's verifier key, pinned (as GET /v1/keys gives it)")
    .option('--json', 'the report as JSON on stdout')
    .action(async (file: string, options: { key?: string; json?: boolean }) => {
      exitCode = await verifyBundleCommand(file, options);
    });

  program
    .command('projections')
    .description('the read models the audit API answers from')
    .command('rebuild')
    .description(
      'rebuilds the read models (or the one named) from position 0, beside the ones in use, and switches when caught up',
    )
    .argument('[name]', 'event-search or engagements (default: all)')
    .option('--json', 'the outcome as JSON on stdout')
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = await rebuildProjectionsCommand(loadConfig(process.env, { store }), name, options);
    });

  const keys = program
    .command('keys')
    .description(
      'API keys (operator): works on the key file of the data directory, so it needs file access, not a key',
    );
  keys
    .command('create')
    .description('make an API key; it is printed once')
    .option('--role <role>', 'operator, recorder or auditor')
    .option('--party <party>', 'recorders: the party it records as (client, mssp, third_party)')
    .option(
      '--engagement <id...>',
      'the engagements it may see (recorders and auditors; repeat or list several)',
    )
    .option('--all-engagements', 'every engagement (auditors; operators always have it)')
    .option('--actor <name>', 'who holds the key (a person or a system)')
    .option('--json', 'the key and its grant as JSON on stdout')
    .action((options: CreateKeyOptions) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = createKeyCommand(loadConfig(process.env, { store }), options);
    });
  keys
    .command('list')
    .description('every API key and what it grants; never the secrets')
    .option('--json', 'as JSON on stdout')
    .action((options: { json?: boolean }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = listKeysCommand(loadConfig(process.env, { store }), options);
    });
  keys
    .command('revoke')
    .description('revoke an API key; it is refused from the next request on')
    .argument('<id>', 'the key id (as keys list shows it)')
    .option('--json', 'the revoked key as JSON on stdout')
    .action((id: string, options: { json?: boolean }) => {
      const { store } = program.opts<{ store?: string }>();
      exitCode = revokeKeyCommand(loadConfig(process.env, { store }), id, options);
    });

  return program;
}

/** Set by a command whose outcome is not plain success (e.g. import with failed lines). */
let exitCode: number = EXIT.ok;

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    exitCode = EXIT.ok;
    await buildCli().parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`onus: ${(error as Error).message}\n`);
    return error instanceof ConfigError || error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

/** Resolves once everything written to the stream so far has been handed to the OS. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

if (require.main === module) {
  void runCli(process.argv).then(async (code) => {
    if (code === EXIT.ok) return; // `serve` keeps running; one-shot commands end on their own.
    // Writes to a pipe can still be queued: exiting before they drain would lose the end of
    // the report (the last line errors of an import, say).
    await Promise.all([drained(process.stdout), drained(process.stderr)]);
    process.exit(code);
  });
}
