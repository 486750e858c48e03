import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeverityTables, toAlertRaised } from '@onus/ingest';
import { ROOT, runOnus } from './lib/cli';
import { scratchDir } from './lib/measure';
import { type BenchResults, result } from './lib/report';
import { engagement } from './recording.bench';

const ENGAGEMENT = 'bench-ingest';

const contract = {
  ...engagement,
  id: '00000000-0000-4000-8000-000000000000',
  engagementId: ENGAGEMENT,
  party: 'operator',
  recordedAt: engagement.occurredAt,
};

const two = (n: number) => String(n).padStart(2, '0');

/** Suricata's own timestamp shape: local time, microseconds, `+0200`. */
function suricataTime(ms: number): string {
  const local = new Date(ms + 2 * 3_600_000);
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}.${String(local.getUTCMilliseconds()).padStart(3, '0')}${String(ms % 1000).padStart(3, '0')}+0200`;
}

/**
 * `records` Suricata alert records shaped like the real eve.json alert (about 1 KB each, payload
 * and packet included), each different; and the envelopes the ingest makes of them, as lines
 * for `onus import`.
 */
async function writeFiles(eve: string, envelopes: string, records: number): Promise<void> {
  const sample = JSON.parse(
    readFileSync(join(ROOT, '..', 'shared', 'data', 'suricata', 'eve.json'), 'utf8').split(
      '\n',
    )[0]!,
  ) as { alert: object; [key: string]: unknown };
  const tables = SeverityTables.defaults();
  const eveOut = createWriteStream(eve);
  const envOut = createWriteStream(envelopes);
  const write = (out: NodeJS.WritableStream, line: string): Promise<void> =>
    new Promise((resolve) => (out.write(`${line}\n`) ? resolve() : out.once('drain', resolve)));
  const start = Date.parse('2024-01-01T00:00:00.000Z');
  for (let i = 0; i < records; i++) {
    const record = {
      ...sample,
      timestamp: suricataTime(start + i * 1000),
      flow_id: 1031464864740687 + i,
      pcap_cnt: 83 + i,
      src_port: 1024 + (i % 60000),
      alert: { ...sample.alert, signature_id: 2017318 + (i % 50), severity: 1 + (i % 3) },
    };
    const mapped = toAlertRaised('suricata', record, ENGAGEMENT, tables);
    if (mapped.kind !== 'alert') throw new Error(`bench record ${i} does not map`);
    await write(eveOut, JSON.stringify(record));
    await write(envOut, JSON.stringify({ ...mapped.envelope, party: 'mssp' }));
  }
  await Promise.all([eveOut, envOut].map((out) => new Promise((r) => out.end(r))));
}

export async function ingestBenchmarks(log: (line: string) => void): Promise<BenchResults> {
  const { dir, remove } = scratchDir('ingest');
  try {
    const records = Number(process.env.ONUS_BENCH_INGEST_RECORDS ?? 100_000);
    const eve = join(dir, 'eve.json');
    const envelopes = join(dir, 'envelopes.ndjson');
    const contractFile = join(dir, 'contract.ndjson');
    writeFileSync(contractFile, `${JSON.stringify(contract)}\n`);
    await writeFiles(eve, envelopes, records);

    const runs: Array<{ ingest: number; import: number }> = [];
    let rss = 0;
    // Alternated, each on a fresh store with the engagement contracted, so that both see the
    // same machine; the median of three runs of each.
    for (let run = 0; run < 3; run++) {
      const ingestStore = `sqlite:${join(dir, `ingest-${run}.db`)}`;
      const importStore = `sqlite:${join(dir, `import-${run}.db`)}`;
      for (const store of [ingestStore, importStore])
        await runOnus(['import', contractFile, '--store', store, '--json']);
      const ingested = await runOnus<{ appended: number }>([
        'ingest',
        'suricata',
        eve,
        '--engagement',
        ENGAGEMENT,
        '--store',
        ingestStore,
        '--json',
      ]);
      const imported = await runOnus<{ appended: number }>([
        'import',
        envelopes,
        '--store',
        importStore,
        '--json',
      ]);
      if (ingested.summary.appended !== records || imported.summary.appended !== records)
        throw new Error(
          `ingest appended ${ingested.summary.appended}, import ${imported.summary.appended}, of ${records}`,
        );
      runs.push({ ingest: records / ingested.seconds, import: records / imported.seconds });
      rss = Math.max(rss, ingested.maxRssMb);
      log(
        `run ${run + 1}: ingest ${(records / ingested.seconds).toFixed(0)} records/s, import ${(records / imported.seconds).toFixed(0)} events/s`,
      );
    }
    // The machine is shared: each run's pair saw the same load, so the figure is the run whose
    // ratio is the median of the three, not medians taken apart.
    runs.sort((a, b) => a.ingest / a.import - b.ingest / b.import);
    const { ingest, import: baseline } = runs[1]!;
    log(`ingest: ${ingest.toFixed(0)} records/s vs import ${baseline.toFixed(0)} events/s`);
    return {
      'ingest.suricata_file': result(
        ingest,
        'records/s',
        baseline,
        'ratio >= 0.7',
        `onus ingest suricata of ${records} generated alert records (about 1 KB each; whole command, start-up included; of 3 alternated runs, the one with the median ratio); peak RSS ${rss.toFixed(0)} MB; baseline: onus import of the same alerts as AlertRaised envelopes (raw included), in the same runs`,
      ),
    };
  } finally {
    remove();
  }
}
