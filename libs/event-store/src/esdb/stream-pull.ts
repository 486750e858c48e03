const HIGH_WATER = 256;

/** What is used of a Readable (the client's stream types narrow Readable's overloads). */
export interface PullSource {
  on(event: 'data' | 'end' | 'close' | 'error', listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  isPaused(): boolean;
}

/**
 * Takes items from a Readable one at a time, and lets an AbortSignal end a wait at once: a plain
 * `for await` over a live subscription cannot be interrupted while it waits for the next event.
 * Pauses the stream while `HIGH_WATER` items wait, so a slow consumer backs up to the server.
 */
export class StreamPull<T> {
  private readonly buffer: T[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly stream: PullSource,
    private readonly signal: AbortSignal,
  ) {
    stream.on('data', (item: T) => {
      this.buffer.push(item);
      if (this.buffer.length >= HIGH_WATER) stream.pause();
      this.notify();
    });
    stream.on('end', this.finish);
    stream.on('close', this.finish);
    stream.on('error', (error: unknown) => {
      this.failure ??= { error };
      this.notify();
    });
    signal.addEventListener('abort', this.notify);
  }

  /** The next item; undefined once the stream ended or the signal aborted; throws the stream's error. */
  async next(): Promise<T | undefined> {
    for (;;) {
      if (this.signal.aborted) return undefined;
      if (this.buffer.length > 0) {
        const item = this.buffer.shift() as T;
        if (this.buffer.length < HIGH_WATER / 2 && this.stream.isPaused()) this.stream.resume();
        return item;
      }
      if (this.failure) throw this.failure.error;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.notify);
    this.buffer.length = 0;
  }

  private readonly finish = (): void => {
    this.ended = true;
    this.notify();
  };

  private readonly notify = (): void => {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  };
}
