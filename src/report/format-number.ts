/**
 * Whole numbers with thousands separators, as `Math.round(n).toLocaleString('en-US')` writes them
 * ("1,234,567", "-0", "NaN"), without ICU: the first toLocaleString of a process loads ICU's number
 * formatting (~15 ms), more than a text summary costs to build. Values toLocaleString writes in
 * other ways (±∞, 1e21 and beyond) still go through it.
 */
export function int(n: number): string {
  const r = Math.round(n);
  if (!(Math.abs(r) < 1e21)) return r.toLocaleString('en-US');
  const digits = String(Math.abs(r));
  const sign = r < 0 || Object.is(r, -0) ? '-' : '';
  if (digits.length <= 3) return sign + digits;
  const head = digits.length % 3 || 3;
  let out = sign + digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** `v` with `digits` decimals and thousands separators ("1,234.5"), without ICU (see `int`). */
export function fixed(v: number, digits: number): string {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e21) return v.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  const [whole, frac] = Math.abs(v).toFixed(digits).split('.');
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  return `${sign}${int(Number(whole))}${frac !== undefined ? `.${frac}` : ''}`;
}
