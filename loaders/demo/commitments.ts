import type { Random } from "./random.ts";
import type { DemoTicket } from "./tickets.ts";

const day = 86_400_000;
const hour = 3_600_000;

/**
 * Days the reception desk promises a device back, by product category. Laptops are promised fast
 * because business customers cannot work without them, yet they take as long to repair as anything
 * else: the category that breaks its promises visibly more often.
 */
const promisedDays: Record<string, number> = { "Máy tính xách tay": 4, "Máy photocopy": 6 };
const usualPromise = 5;

/** Share of repairs that wait for parts, by how long the repair took (long repairs are mostly waiting). */
function holdChance(grossHours: number): number {
  if (grossHours >= 72) return 0.6;
  if (grossHours >= 36) return 0.2;
  return grossHours >= 8 ? 0.03 : 0;
}

/**
 * Add what the centre's newer export columns record: the promised return date of devices left at
 * the centre and the hours repairs waited for parts ("chờ linh kiện"). Drawn from their own random
 * stream, so every other figure of the demo stays what it was before these columns existed.
 *
 * - on_hold_hours: calendar hours, a part (30–70 %) of the repair's own span (repaired − device
 *   received, on-site: − ticket received), so the repair time net of waiting is never negative.
 *   Every repair records it, 0 when it did not wait, as an event log does: a net repair time is
 *   then measured over all repairs, not over the ones that waited. Maintenance never waits.
 * - promised_at: for every device received at the centre, a date without a time: received day +
 *   the category's usual days, two more when the desk already knows the repair waits for parts,
 *   more often than not a day of slack (4–7 days in all). About 86 % are met; laptops (~80 %) and
 *   the months of Tết, when the centre closes, are worse.
 */
export function addCommitments(random: Random, tickets: DemoTicket[]): void {
  for (const t of tickets) {
    if (!t.repairedAt) continue;
    const canWait = t.requestType === "Bảo hành" || t.requestType === "Sửa chữa";
    const start = t.productReceivedAt ?? t.receivedAt;
    const gross = (t.repairedAt.getTime() - start.getTime()) / hour;
    const waited = canWait && random.chance(holdChance(gross));
    t.onHoldHours = waited ? Math.round(gross * (0.3 + 0.4 * random.next()) * 2) / 2 : 0;
    if (!t.productReceivedAt) continue;
    // The desk sees the missing part coming on about four repairs in five of those that will wait.
    const partsKnown = waited && random.chance(0.8);
    const usual = promisedDays[t.category] ?? usualPromise;
    const days = Math.min(7, Math.max(3, usual + (partsKnown ? 2 : 0) + (random.chance(0.6) ? 1 : 0)));
    const received = Date.UTC(t.receivedAt.getUTCFullYear(), t.receivedAt.getUTCMonth(), t.receivedAt.getUTCDate());
    t.promisedAt = new Date(received + days * day);
  }
}
