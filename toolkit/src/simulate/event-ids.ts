/** Two hex digits per byte value. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

const SALT = 0x9e3779b9;
const M1 = 0x85ebca6b;
const M2 = 0xc2b2ae35;

/** The inverse of an odd number modulo 2^32 (Newton's iteration doubles the correct bits). */
function inverse(m: number): number {
  let x = m;
  for (let i = 0; i < 5; i++) {
    x = Math.imul(x, 2 - Math.imul(m, x));
  }
  return x;
}

const M1_INVERSE = inverse(M1);
const M2_INVERSE = inverse(M2);

/** One 32-bit word of an id: a murmur-style finaliser spreads consecutive counters over it. */
function word(n: number, i: number): number {
  let x = Math.imul(n ^ Math.imul(i, SALT), M1);
  x ^= x >>> 13;
  x = Math.imul(x, M2);
  x ^= x >>> 16;
  return x;
}

/**
 * The id of the simulator's `n`th event: 32 hex digits, as upstream's (a random UUID without
 * dashes), but deterministic. Different `n` below 2^32 give different ids: the first 8 digits are a
 * bijection of `n`.
 */
export function eventId(n: number): string {
  let id = '';
  for (let i = 1; i <= 4; i++) {
    const x = word(n, i);
    id += HEX_BYTES[x >>> 24] + HEX_BYTES[(x >>> 16) & 0xff] + HEX_BYTES[(x >>> 8) & 0xff] + HEX_BYTES[x & 0xff];
  }
  return id;
}

/** The `n` whose {@link eventId} is `id`, if `id` is one (the first word undone, then checked whole). */
export function sequenceOf(id: string): number | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) {
    return undefined;
  }
  let x = parseInt(id.slice(0, 8), 16) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, M2_INVERSE);
  x ^= (x >>> 13) ^ (x >>> 26);
  x = Math.imul(x, M1_INVERSE);
  const n = (x ^ SALT) >>> 0;
  return eventId(n) === id ? n : undefined;
}
