/**
 * DynamoDB numbers: decimal strings of up to 38 significant digits, magnitudes from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125. Stored in one canonical form (no leading or
 * trailing zeros, plain notation), so equal numbers are equal strings; ordered numerically.
 */
import { invalid } from './ddb_error.js';

const NUMBER = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** sign, significant digits (no leading/trailing zeros), and the value = 0.digits × 10^exp. */
interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly exp: number;
}

function parse(text: string): Decimal {
  const m = NUMBER.exec(text);
  if (!m || (!m[2] && !m[3])) throw invalid('A value provided cannot be converted into a number');
  const [, sign, int = '', frac = '', e = '0'] = m;
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (!digits) return { negative: false, digits: '', exp: 0 };
  if (digits.length > 38) throw invalid('Attempting to store more than 38 significant digits in a Number');
  const exp = int.length - lead + Number(e);
  if (exp > 126) throw invalid('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (exp < -129) throw invalid('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  return { negative: sign === '-', digits, exp };
}

function format(d: Decimal): string {
  if (!d.digits) return '0';
  const sign = d.negative ? '-' : '';
  if (d.exp <= 0) return `${sign}0.${'0'.repeat(-d.exp)}${d.digits}`;
  if (d.exp >= d.digits.length) return `${sign}${d.digits}${'0'.repeat(d.exp - d.digits.length)}`;
  return `${sign}${d.digits.slice(0, d.exp)}.${d.digits.slice(d.exp)}`;
}

/** The canonical text of a number; throws the ValidationException AWS gives for a bad one. */
export function canonicalNumber(text: string): string {
  return format(parse(text));
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  if (!a.digits || !b.digits) return (a.digits ? 1 : 0) - (b.digits ? 1 : 0);
  if (a.exp !== b.exp) return a.exp < b.exp ? -1 : 1;
  const n = Math.max(a.digits.length, b.digits.length);
  const x = a.digits.padEnd(n, '0');
  const y = b.digits.padEnd(n, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Numeric order of two canonical numbers: negative, zero or positive. */
export function compareNumbers(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  const sx = x.digits ? (x.negative ? -1 : 1) : 0;
  const sy = y.digits ? (y.negative ? -1 : 1) : 0;
  if (sx !== sy) return sx - sy;
  const m = compareMagnitude(x, y);
  return sx < 0 ? -m : m;
}

/** Bytes a number takes in an item's size: about one per two significant digits, plus one. */
export function numberSize(text: string): number {
  return Math.ceil(parse(text).digits.length / 2) + 1;
}
