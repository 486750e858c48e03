interface Window {
  endsAt: number;
  hits: number;
}

/**
 * Requests per caller (an API key, or a client address on public routes) in fixed one-minute
 * windows: one counter a caller, O(1) and synchronous a request. The price of a fixed window: up
 * to twice the limit can pass across a window's edge. `@nestjs/throttler` did this before, with
 * a counter of ours; its guard's promises and per-request metadata look-ups cost a twentieth of
 * an append.
 */
export class RateLimit {
  private readonly windows = new Map<string, Window>();
  private sinceSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request; the whole seconds to wait when it is past the limit, else undefined. */
  hit(caller: string): number | undefined {
    const now = this.now();
    if (++this.sinceSweep >= 10_000) this.sweep(now);
    let window = this.windows.get(caller);
    if (!window || window.endsAt <= now) {
      window = { endsAt: now + 60_000, hits: 0 };
      this.windows.set(caller, window);
    }
    window.hits++;
    return window.hits > this.perMinute ? Math.ceil((window.endsAt - now) / 1000) : undefined;
  }

  /** Forgets finished windows, so that many one-off callers (addresses) do not pile up. */
  private sweep(now: number): void {
    this.sinceSweep = 0;
    for (const [caller, window] of this.windows)
      if (window.endsAt <= now) this.windows.delete(caller);
  }
}
