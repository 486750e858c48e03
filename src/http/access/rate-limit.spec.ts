import { RateLimit } from './rate-limit';

describe('RateLimit', () => {
  it('counts requests per caller within a minute, refuses past the limit, and starts afresh after it', () => {
    let now = 1_000_000;
    const limit = new RateLimit(2, () => now);
    expect(limit.hit('a')).toBeUndefined();
    expect(limit.hit('a')).toBeUndefined();
    now += 15_000;
    expect(limit.hit('a')).toBe(45);
    now += 500;
    expect(limit.hit('a')).toBe(45); // whole seconds, rounded up
    expect(limit.hit('b')).toBeUndefined();
    now += 44_500;
    expect(limit.hit('a')).toBeUndefined();
  });

  it('forgets the windows that have ended, however many callers came once', () => {
    let now = 0;
    const limit = new RateLimit(1, () => now);
    for (let i = 0; i < 9_999; i++) limit.hit(`ip:${i}`);
    now += 60_000;
    limit.hit('ip:late'); // the ten-thousandth request sweeps
    expect((limit as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
