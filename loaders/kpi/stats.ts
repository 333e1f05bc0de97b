/** 95% Wilson score interval for a share of `successes` in `n` (null when n = 0). */
export function wilson(successes: number, n: number, z = 1.959964): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test (pooled), two-sided: is x1/n1 different from x2/n2? Used to flag
 * a change between survey waves only when it is statistically significant (p < 0.05).
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { delta: number; z: number; p: number; significant: boolean } | null {
  if (!n1 || !n2) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se === 0 ? 0 : (p1 - p2) / se;
  const p = 2 * (1 - normalCdf(Math.abs(z)));
  return { delta: p1 - p2, z, p, significant: p < 0.05 };
}

/** Net Promoter Score (% 9–10 − % 0–6) with a 95% interval from the multinomial variance. */
export function npsWithInterval(
  promoters: number,
  detractors: number,
  n: number,
): { score: number; ci95: [number, number] } | null {
  if (!n) return null;
  const pp = promoters / n;
  const pd = detractors / n;
  const score = (pp - pd) * 100;
  const half = 1.959964 * Math.sqrt((pp + pd - (pp - pd) ** 2) / n) * 100;
  return { score, ci95: [Math.max(-100, score - half), Math.min(100, score + half)] };
}
