import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  it('counts hits per key within a window, blocks past the limit, and starts afresh after it', async () => {
    let now = 1_000_000;
    const storage = new FixedWindowStorage(() => now);
    const hit = (key: string) => storage.increment(key, 60_000, 2);
    expect(await hit('a')).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await hit('a');
    now += 15_000;
    expect(await hit('a')).toEqual({
      totalHits: 3,
      timeToExpire: 45,
      isBlocked: true,
      timeToBlockExpire: 45,
    });
    expect((await hit('b')).isBlocked).toBe(false);
    now += 45_000;
    expect(await hit('a')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
