import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

/** Starts a server process and resolves once its /health answers. */
export function startServer(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port) },
  });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      fetch(`http://127.0.0.1:${port}/health`)
        .then((response) => (response.ok ? resolve(child) : retry()))
        .catch(retry);
    };
    const retry = (): void => {
      if (Date.now() - started > 30_000) reject(new Error(`server on ${port} did not start`));
      else setTimeout(poll, 100);
    };
    poll();
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Alert ids stay new across loads against the same server. */
let sent = 0;

/** 64 connections posting a new AlertRaised each, for `seconds`. */
export async function appendLoad(
  port: number,
  headers: Record<string, string>,
  seconds: number,
): Promise<{ rps: number; errors: number }> {
  const outcome = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 64,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        headers: {
          'content-type': 'application/json',
          ...headers,
        },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            type: 'AlertRaised',
            engagementId: 'bench',
            actor: 'suricata/sensor-1',
            occurredAt: new Date().toISOString(),
            data: {
              alertId: `a-${process.pid}-${sent++}`,
              severity: 'high',
              title: 'ET TROJAN beacon',
              source: 'suricata',
              assets: ['10.0.0.5'],
            },
          }),
        }),
      },
    ],
  });
  return {
    rps: outcome.requests.total / seconds,
    errors: outcome.non2xx + outcome.errors + outcome.timeouts,
  };
}
