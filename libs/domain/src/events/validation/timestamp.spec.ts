import { normaliseTimestamp, parseTimestamp } from './timestamp';

describe('normaliseTimestamp', () => {
  it.each([
    ['2023-12-23T19:40:00.000Z', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T19:40:00Z', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T19:40Z', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T19:40:00.5Z', '2023-12-23T19:40:00.500Z'],
    ['2023-12-23T19:40:00.123456789Z', '2023-12-23T19:40:00.123Z'],
    ['2023-12-23T19:40:00.9999Z', '2023-12-23T19:40:00.999Z'],
    ['2023-12-23T21:40:00+02:00', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T21:40:00+0200', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T21:40+0200', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T14:10:00-05:30', '2023-12-23T19:40:00.000Z'],
    ['2023-12-23T19:40:00-00:00', '2023-12-23T19:40:00.000Z'],
    ['2024-01-01T01:00:00+02:00', '2023-12-31T23:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseTimestamp(input)).toBe(expected);
  });

  it.each([
    ['2023-12-23T19:40:00', 'no time zone'],
    ['2023-12-23', 'a date only'],
    ['2023-12-23 19:40:00Z', 'a space for T'],
    ['2023-12-23T19:40:00+02', 'an hours-only offset'],
    ['2023-12-23T19:40:00.Z', 'an empty fraction'],
    ['2023-12-23T19:40.5Z', 'a fraction without seconds'],
    ['2024-02-30T00:00:00Z', 'February 30'],
    ['2023-02-29T00:00:00Z', 'February 29 of a common year'],
    ['1900-02-29T00:00:00Z', 'February 29 of a century year'],
    ['2023-04-31T00:00:00Z', 'April 31'],
    ['2023-13-01T00:00:00Z', 'month 13'],
    ['2023-00-10T00:00:00Z', 'month 0'],
    ['2023-01-00T00:00:00Z', 'day 0'],
    ['2023-01-01T24:00:00Z', 'hour 24'],
    ['2023-01-01T23:60:00Z', 'minute 60'],
    ['2016-12-31T23:59:60Z', 'a leap second'],
    ['2023-01-01T00:00:00+24:00', 'an offset of 24 hours'],
    ['0000-01-01T00:30:00+01:00', 'before the year 0000 in UTC'],
    ['9999-12-31T23:30:00-01:00', 'after the year 9999 in UTC'],
    ['+012023-01-01T00:00:00Z', 'an expanded year'],
    ['1703360400000', 'epoch milliseconds'],
    ['', 'the empty string'],
    [' 2023-12-23T19:40:00Z', 'leading white space'],
    ['2023-12-23t19:40:00z', 'lower-case t and z'],
  ])('%s (%s) is refused', (input) => {
    expect(normaliseTimestamp(input)).toBeUndefined();
  });

  it('says why', () => {
    expect(parseTimestamp('2023-12-23T19:40:00')).toEqual({
      ok: false,
      reason:
        'must be an ISO-8601 timestamp with a time zone: add Z (UTC) or an offset such as +02:00',
    });
    expect(parseTimestamp('yesterday')).toEqual({
      ok: false,
      reason: 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z',
    });
    expect(parseTimestamp(1703360400000)).toEqual({
      ok: false,
      reason: 'must be an ISO-8601 timestamp with a time zone, e.g. 2024-01-31T09:00:00Z',
    });
    expect(parseTimestamp('2024-02-30T00:00:00Z')).toEqual({
      ok: false,
      reason: 'is not a valid calendar date: 2024-02-30 does not exist',
    });
    expect(parseTimestamp('2024-01-01T25:00:00Z')).toEqual({
      ok: false,
      reason: 'is not a valid time of day (00:00:00 to 23:59:59)',
    });
    expect(parseTimestamp('2024-01-01T00:00:00+25:00')).toEqual({
      ok: false,
      reason: 'has an invalid time zone offset (at most ±23:59)',
    });
    expect(parseTimestamp('9999-12-31T23:30:00-01:00')).toEqual({
      ok: false,
      reason: 'must fall within the years 0000 to 9999 in UTC',
    });
  });

  it('agrees with Date on many instants', () => {
    for (let t = -62_000_000_000_000; t < 253_000_000_000_000; t += 7_777_777_777_777) {
      const iso = new Date(t).toISOString();
      expect(normaliseTimestamp(iso)).toBe(iso);
      const local = iso.replace('Z', '+00:00');
      expect(normaliseTimestamp(local)).toBe(iso);
    }
  });
});
