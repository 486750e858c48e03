import { nearestRank } from './scorecard';

describe('nearest-rank percentiles (interfaces.md: medians and 90th percentiles over minutes)', () => {
  it('takes the value at rank ⌈p/100 · N⌉ of the sorted values, exactly', () => {
    expect(nearestRank([50, 15, 35, 20, 40], 50)).toBe(35);
    expect(nearestRank([50, 15, 35, 20, 40], 90)).toBe(50);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(nearestRank([7], 90)).toBe(7);
  });
  it('rounds to one decimal and is null when nothing was counted', () => {
    expect(nearestRank([10.25, 11.26], 90)).toBe(11.3);
    expect(nearestRank([], 50)).toBeNull();
  });
});
