/**
 * Where a change of a share comes from, group by group (channel, product category, technician, region).
 * The share is a weighted sum of the groups' own shares, P = Σ w_g·p_g with w_g = n_g / N, so its change splits
 * exactly into (Kitagawa's symmetric decomposition):
 * - a rate part, the group's own share moving at its average weight: (w_A + w_B)/2 · (p_B − p_A);
 * - a mix part, the group's weight moving, valued at how far its share sits from the overall one:
 *   (w_B − w_A) · ((p_A + p_B)/2 − (P_A + P_B)/2).
 * The parts of all groups add up to P_B − P_A (the weights' changes sum to 0, so measuring the mix against the
 * overall share changes no total, and a group with an ordinary share gaining weight contributes nothing).
 * A group present in one month only has no share in the other: its own share is taken as unchanged, so all of
 * its contribution is mix.
 */

export interface GroupCounts {
  key: string;
  /** Cases (the share's denominator) and the cases meeting it (numerator). */
  n: number;
  x: number;
}

export interface Contribution {
  key: string;
  n_from: number;
  n_to: number;
  share_from: number | null;
  share_to: number | null;
  rate_effect: number;
  mix_effect: number;
  /** rate_effect + mix_effect: how much of the overall change this group accounts for. */
  effect: number;
  /**
   * The effect beyond the group's share of the change (its average weight times the change): a group that only
   * moved with everyone has none. The excesses of all groups add up to 0.
   */
  excess: number;
}

export interface Decomposition {
  from: number;
  to: number;
  /** Cases in each month, over all groups. */
  n_from: number;
  n_to: number;
  /** Groups in either month (`groups` may be cut to the largest contributions for a page). */
  group_count: number;
  delta: number;
  rate_effect: number;
  mix_effect: number;
  /** Largest contribution first, by size whatever its sign. */
  groups: Contribution[];
}

/** The change of a share from `before` to `after` (each month's groups), split by group into rate and mix. */
export function decomposeShare(before: GroupCounts[], after: GroupCounts[]): Decomposition | null {
  const total = (gs: GroupCounts[]) => gs.reduce((s, g) => s + g.n, 0);
  const nA = total(before);
  const nB = total(after);
  if (!nA || !nB) return null;
  const pA = before.reduce((s, g) => s + g.x, 0) / nA;
  const pB = after.reduce((s, g) => s + g.x, 0) / nB;
  const level = (pA + pB) / 2;
  const keys = [...new Set([...before, ...after].filter((g) => g.n > 0).map((g) => g.key))];
  const find = (gs: GroupCounts[], key: string) => gs.find((g) => g.key === key && g.n > 0);
  const groups = keys.map((key): Contribution => {
    const a = find(before, key);
    const b = find(after, key);
    const shareA = a ? a.x / a.n : null;
    const shareB = b ? b.x / b.n : null;
    const wA = (a?.n ?? 0) / nA;
    const wB = (b?.n ?? 0) / nB;
    const sA = shareA ?? shareB!;
    const sB = shareB ?? shareA!;
    const rate = ((wA + wB) / 2) * (sB - sA);
    const mix = (wB - wA) * ((sA + sB) / 2 - level);
    return {
      key,
      n_from: a?.n ?? 0,
      n_to: b?.n ?? 0,
      share_from: shareA,
      share_to: shareB,
      rate_effect: rate,
      mix_effect: mix,
      effect: rate + mix,
      excess: rate + mix - ((wA + wB) / 2) * (pB - pA),
    };
  });
  groups.sort((g, h) => Math.abs(h.effect) - Math.abs(g.effect) || g.key.localeCompare(h.key));
  return {
    from: pA,
    to: pB,
    n_from: nA,
    n_to: nB,
    group_count: groups.length,
    delta: pB - pA,
    rate_effect: groups.reduce((s, g) => s + g.rate_effect, 0),
    mix_effect: groups.reduce((s, g) => s + g.mix_effect, 0),
    groups,
  };
}

/** The groups beyond the largest, summed (a page lists the largest and one row for the rest). */
export interface OtherContributions {
  count: number;
  n_from: number;
  n_to: number;
  rate_effect: number;
  mix_effect: number;
  effect: number;
}

/** A decomposition cut to its `keep` largest contributions and the rest summed: the rows still add up. */
export function largestContributions(
  d: Decomposition,
  keep: number,
): Decomposition & { others: OtherContributions | null } {
  const rest = d.groups.slice(keep);
  const sum = (pick: (g: Contribution) => number) => rest.reduce((s, g) => s + pick(g), 0);
  const others = rest.length
    ? {
        count: rest.length,
        n_from: sum((g) => g.n_from),
        n_to: sum((g) => g.n_to),
        rate_effect: sum((g) => g.rate_effect),
        mix_effect: sum((g) => g.mix_effect),
        effect: sum((g) => g.effect),
      }
    : null;
  return { ...d, groups: d.groups.slice(0, keep), others };
}
