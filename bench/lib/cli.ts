import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/**
 * One `onus` command (built) in its own process, as a user runs it, start-up included: its wall
 * time, peak RSS and `--json` summary. Exit codes other than 0 are failures.
 */
export function runOnus<T>(
  args: readonly string[],
): Promise<{ seconds: number; maxRssMb: number; summary: T }> {
  const script = `const cli=require(${JSON.stringify(CLI)});cli.runCli(['node','onus',...${JSON.stringify(args)}]).then((code)=>{process.stderr.write('RSS '+process.resourceUsage().maxRSS+'\\n');process.exit(code)})`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = /RSS (\d+)/.exec(stderr);
      if (code !== 0 || !rss)
        return reject(new Error(`onus ${args[0]} failed (${code}): ${stderr.slice(0, 2000)}`));
      resolve({ seconds, maxRssMb: Number(rss[1]) / 1024, summary: JSON.parse(stdout) as T });
    }),
  );
}
