import { goTimeQuote, parseGoClock } from '../../src/lint/go-clock';

// Go 1.19's time.Parse("2006-01-02 15:04:05", "2026-03-01 " + clock), recorded from a Go program.
const GO: Array<[string, string | number]> = [
  ['09:00:00', 32400e9],
  ['  9:05:07', 32707e9],
  ['09:00:00.5', 32400.5e9],
  ['09:00:00,123456789123', 32400123456789],
  ['', 'parsing time "2026-03-01 " as "2006-01-02 15:04:05": cannot parse "" as "15"'],
  ['9:00', 'parsing time "2026-03-01 9:00" as "2006-01-02 15:04:05": cannot parse "" as ":"'],
  ['09:00:00 ', 'parsing time "2026-03-01 09:00:00 ": extra text: " "'],
  ['24:00:00', 'parsing time "2026-03-01 24:00:00": hour out of range'],
  ['23:60:00', 'parsing time "2026-03-01 23:60:00": minute out of range'],
  ['23:59:60', 'parsing time "2026-03-01 23:59:60": second out of range'],
  ['123:00:00', 'parsing time "2026-03-01 123:00:00" as "2006-01-02 15:04:05": cannot parse "3:00:00" as ":"'],
  ['09:0:00', 'parsing time "2026-03-01 09:0:00" as "2006-01-02 15:04:05": cannot parse "0:00" as "04"'],
  ['09:00:0', 'parsing time "2026-03-01 09:00:0" as "2006-01-02 15:04:05": cannot parse "0" as "05"'],
  ['09:00:00.', 'parsing time "2026-03-01 09:00:00.": extra text: "."'],
  ['9:00am', 'parsing time "2026-03-01 9:00am" as "2006-01-02 15:04:05": cannot parse "am" as ":"'],
  ['09-00-00', 'parsing time "2026-03-01 09-00-00" as "2006-01-02 15:04:05": cannot parse "-00-00" as ":"'],
  ['7:5:3', 'parsing time "2026-03-01 7:5:3" as "2006-01-02 15:04:05": cannot parse "5:3" as "04"'],
  ['\u00e9', 'parsing time "2026-03-01 \\xc3\\xa9" as "2006-01-02 15:04:05": cannot parse "\\xc3\\xa9" as "15"'],
  ['"', 'parsing time "2026-03-01 \\"" as "2006-01-02 15:04:05": cannot parse "\\"" as "15"'],
];

describe('parseGoClock', () => {
  test.each(GO)('%j as Go parses it', (clock, expected) => {
    const parsed = parseGoClock('2026-03-01', clock);
    expect(typeof expected === 'number' ? parsed.nanos : parsed.error).toEqual(expected);
  });
});

describe('goTimeQuote', () => {
  test('escapes quotes, backslashes, control and non-ASCII bytes as the time package does', () => {
    expect(goTimeQuote('a"b\\c\td\u00e9\u007f')).toBe('"a\\"b\\\\c\\x09d\\xc3\\xa9\u007f"');
  });
});
