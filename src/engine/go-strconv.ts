import { EngineError } from './errors';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F_]+\.?[0-9a-fA-F_]*|\.[0-9a-fA-F_]+))[pP]([+-]?\d+)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * `strconv.ParseFloat(s, 64)`: decimal and hexadecimal (`0x1p-2`) forms, `inf`/`infinity`/`nan`
 * in any case. Errors carry Go's message, e.g. `strconv.ParseFloat: parsing "x": invalid syntax`.
 */
export function parseGoFloat(s: string): number {
  const special = SPECIAL.exec(s);
  if (special) {
    if (special[2].toLowerCase() === 'nan') {
      return NaN;
    }
    return special[1] === '-' ? -Infinity : Infinity;
  }
  let value: number;
  if (DECIMAL.test(s)) {
    value = Number(s);
  } else {
    const hex = HEX.exec(s);
    if (!hex || /^_|_$|__|_\.|\._/.test(hex[2])) {
      throw new EngineError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
    }
    const [intPart, fracPart = ''] = hex[2].replace(/_/g, '').split('.');
    const mantissa = parseInt(intPart || '0', 16) + (fracPart ? parseInt(fracPart, 16) / 16 ** fracPart.length : 0);
    value = (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[3]);
  }
  if (!Number.isFinite(value)) {
    throw new EngineError(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return value;
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean {
  if (TRUE_WORDS.has(s)) {
    return true;
  }
  if (FALSE_WORDS.has(s)) {
    return false;
  }
  throw new EngineError(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}
