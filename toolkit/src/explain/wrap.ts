/** Characters after which a word too long for a line may be broken. */
const BREAK_AFTER = new Set(['/', '-', '.', ',', '_', '?', '&', '=', ':']);

/**
 * Word-wraps `text` so that no line is longer than `width`: the first line starts with
 * `firstPrefix`, the others with `restPrefix`. Words longer than a line (URLs, long names) are
 * broken after punctuation where possible, else cut.
 */
export function wrapText(text: string, width: number, firstPrefix: string, restPrefix: string): string[] {
  if (width - Math.max(firstPrefix.length, restPrefix.length) < 1) {
    throw new RangeError(`width ${width} leaves no room after a prefix of ${Math.max(firstPrefix.length, restPrefix.length)} characters`);
  }
  const lines: string[] = [];
  let prefix = firstPrefix;
  let line = '';
  const flush = (): void => {
    lines.push(`${prefix}${line}`.trimEnd());
    prefix = restPrefix;
    line = '';
  };
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest !== '') {
      const room = width - prefix.length - (line === '' ? 0 : line.length + 1);
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        break;
      }
      if (line !== '') {
        flush();
        continue;
      }
      const cut = breakPoint(rest, room);
      line = rest.slice(0, cut);
      rest = rest.slice(cut);
      flush();
    }
  }
  if (line !== '' || lines.length === 0) {
    flush();
  }
  return lines;
}

/** Where to cut `word` to fit `room` characters: after the last punctuation in its second half. */
function breakPoint(word: string, room: number): number {
  for (let i = room; i > room / 2; i--) {
    if (BREAK_AFTER.has(word[i - 1])) {
      return i;
    }
  }
  return room;
}
