import fc from 'fast-check';
import { fromIso, toIso } from './effective-time';

describe('fromIso', () => {
  it('equals Date.parse for every time the ledger writes', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0100-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
        }),
        (date) => {
          if (Number.isNaN(date.getTime())) return;
          const iso = date.toISOString();
          expect(fromIso(iso)).toBe(Date.parse(iso));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2024-02-29T12:00:00.000Z',
    '2023-02-29T12:00:00.000Z',
    '2024-04-31T00:00:00.000Z',
    '2024-13-01T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T23:60:00.000Z',
    '0099-01-01T00:00:00.000Z',
    '2024-01-01T00:00:00.000+',
    '2024-01-0xT00:00:00.000Z',
    '2024-01-01T00:00:00Z',
    '2024-01-01T00:00:00.000+01:00',
    'not a time',
  ])('equals Date.parse for %s, valid or not', (iso) => {
    expect(Object.is(fromIso(iso), Date.parse(iso))).toBe(true);
  });
});

describe('toIso', () => {
  it('equals Date.prototype.toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_200_000_000_000, max: 253_500_000_000_000 }), (ms) => {
        expect(toIso(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to Date what it does not format itself', () => {
    expect(toIso(0.5)).toBe(new Date(0.5).toISOString());
    expect(toIso(8.64e15)).toBe(new Date(8.64e15).toISOString());
    expect(() => toIso(Infinity)).toThrow(RangeError);
  });
});
