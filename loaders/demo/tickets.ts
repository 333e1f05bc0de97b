import { Random } from "./random.ts";
import { badComments, categories, faults, goodComments, technicians, tetClosures } from "./catalogue.ts";
import type { DemoCustomer } from "./customers.ts";

/** A demo ticket in its final state; times are wall-clock Asia/Ho_Chi_Minh held in UTC Date fields. */
export interface DemoTicket {
  id: string;
  receivedAt: Date;
  channel: string;
  requestType: string;
  customer: DemoCustomer;
  category: string;
  model: string;
  serial: string;
  warranty: string;
  location: string;
  firstResponseAt?: Date;
  productReceivedAt?: Date;
  repairedAt?: Date;
  deliveredAt?: Date;
  closedAt?: Date;
  /** Date (no time) promised for returning a device left at the centre (commitments.ts). */
  promisedAt?: Date;
  /** Calendar hours the repair waited for parts, 0 when it did not (commitments.ts). */
  onHoldHours?: number;
  technician?: string;
  outcome?: string;
  fault?: string;
  charge?: number;
  csat?: number;
  comment?: string;
}

const minute = 60_000;
const day = 86_400_000;

const channels = [
  ["Hotline", 30],
  ["Zalo", 10],
  ["Facebook", 5],
  ["Email", 12],
  ["Website", 8],
  ["Shopee", 5],
  ["Lazada", 3],
  ["Tiki", 2],
  ["Nhân viên kinh doanh", 10],
  ["Kỹ thuật viên", 5],
  ["Trực tiếp tại quầy", 10],
] as const;
const requestTypes = [
  ["Bảo hành", 42],
  ["Sửa chữa", 18],
  ["Bảo trì", 8],
  ["Tư vấn kỹ thuật", 15],
  ["Khiếu nại", 9],
  ["Hợp đồng mới", 8],
] as const;
const outcomes = [
  ["Đã sửa", 82],
  ["Thay mới", 8],
  ["Không sửa được", 4],
  ["Không lỗi", 4],
  ["Khách hủy", 2],
] as const;
const isRepairFlow = (type: string) => type === "Bảo hành" || type === "Sửa chữa" || type === "Bảo trì";

/**
 * What the demo's Board decisions (demo/decisions.csv) and one bad month do to the figures, so that the
 * executive summary, the funnels and the before/after review have something real to find:
 * - the 2024 review's response-time change (two more call-centre staff) takes effect on 2025-02-01: every
 *   channel answers faster from then;
 * - the 2025 review's fix-rate change (cross-checks after repairs on printers, retraining of the two
 *   technicians with the most repeat repairs) takes effect on 2026-02-01: fewer devices come back;
 * - September 2026: the e-mail desk is one person short (e-mails wait far longer), and a batch of faulty
 *   power boards fitted by one technician brings many of his repairs back within weeks ("Không lên nguồn").
 * Only the parameters of draws change, never their number: every other figure stays as it was.
 */
const responseChange = Date.UTC(2025, 1, 1);
const fixRateChange = Date.UTC(2026, 1, 1);
const badMonth = [Date.UTC(2026, 8, 1), Date.UTC(2026, 9, 1)] as const;
export const demoEvents = {
  slowChannel: "Email",
  badTechnician: "Đặng Văn Tú",
  retrained: ["Bùi Thanh Sơn", "Vũ Đình Khoa"],
  faultyPart: "Không lên nguồn",
} as const;
const inBadMonth = (t: Date) => t.getTime() >= badMonth[0] && t.getTime() < badMonth[1];

function responseFactor(channel: string, receivedAt: Date): number {
  const staffing = receivedAt.getTime() < responseChange ? 1.45 : 1;
  return channel === demoEvents.slowChannel && inBadMonth(receivedAt) ? staffing * 8 : staffing;
}

function repeatChance(tech: { name: string; repeat: number }, category: string, repairedAt: Date): number {
  if (tech.name === demoEvents.badTechnician && inBadMonth(repairedAt)) return 0.5;
  if (repairedAt.getTime() < fixRateChange) return tech.repeat;
  const retrained = (demoEvents.retrained as readonly string[]).includes(tech.name);
  return tech.repeat * (retrained ? 0.2 : 0.4) * (category === "Máy in" ? 0.6 : 1);
}

function inTet(t: Date): readonly [string, string] | undefined {
  const d = t.toISOString().slice(0, 10);
  return tetClosures.find(([from, to]) => d >= from && d <= to);
}

/** Move a time to the next working moment (Mon–Sat 07:30–11:30, 13:00–17:00, not during Tết). */
function nextWorking(t: Date): Date {
  let x = new Date(t);
  for (;;) {
    const tet = inTet(x);
    if (tet) x = new Date(Date.parse(`${tet[1]}T07:30:00Z`) + day);
    const minutes = x.getUTCHours() * 60 + x.getUTCMinutes();
    if (x.getUTCDay() === 0) x = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate() + 1, 7, 30));
    else if (minutes < 450) x = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), 7, 30));
    else if (minutes >= 690 && minutes < 780)
      x = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), 13, 0));
    else if (minutes >= 1020) x = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate() + 1, 7, 30));
    else if (!inTet(x)) return x;
  }
}

const roundMinute = (t: Date) => new Date(Math.round(t.getTime() / minute) * minute);

/**
 * Tickets from `start` to `end`: a weekday rhythm, slow weeks around Tết, growth over
 * time, fast and slow technicians, and devices that come back after a repair that
 * did not hold (the repeat repairs the fix rate counts).
 */
export function generateTickets(
  random: Random,
  customers: DemoCustomer[],
  start: Date,
  end: Date,
  perDay: number,
): DemoTicket[] {
  const tickets: DemoTicket[] = [];
  const returns = new Map<number, DemoTicket[]>();
  const devices = customers.flatMap((customer, c) =>
    Array.from({ length: 150 + (c % 7) * 80 }, (_, i) => {
      const category = random.weighted(categories.map((k) => [k, k.weight] as const));
      return {
        customer,
        category: category.name,
        model: random.pick(category.models),
        serial: `${category.prefix}${(c * 1000 + i).toString(36).toUpperCase().padStart(6, "0")}`,
        bought: random.int(0, 1000),
      };
    }),
  );
  let seq = 0;
  const totalDays = Math.round((end.getTime() - start.getTime()) / day);
  for (let d = 0; d < totalDays; d++) {
    const date = new Date(start.getTime() + d * day);
    const weekday = date.getUTCDay();
    const tet = inTet(date) ? 0.1 : inTet(new Date(date.getTime() + 7 * day)) ? 0.6 : 1;
    const growth = 1 + (0.25 * d) / totalDays;
    const count = random.poisson(perDay * growth * tet * (weekday === 0 ? 0.15 : weekday === 6 ? 0.6 : 1.12));
    const due = returns.get(d) ?? [];
    returns.delete(d);
    for (let k = 0; k < count + due.length; k++) {
      const previous = k >= count ? due[k - count] : undefined;
      const device = previous
        ? {
            customer: previous.customer,
            category: previous.category,
            model: previous.model,
            serial: previous.serial,
            bought: 0,
          }
        : random.pick(devices);
      const type = previous ? "Bảo hành" : random.weighted(requestTypes);
      const hour = random.chance(0.9) ? random.int(7, 16) : random.pick([6, 18, 19, 20, 21, 22]);
      const receivedAt = new Date(date.getTime() + hour * 3_600_000 + random.int(0, 59) * minute);
      const ticket: DemoTicket = {
        id: `PDV${String(++seq).padStart(6, "0")}`,
        receivedAt,
        channel: previous ? "Hotline" : random.weighted(channels),
        requestType: type,
        customer: device.customer,
        category: device.category,
        model: device.model,
        serial: device.serial,
        warranty: type === "Bảo trì" ? "Hợp đồng" : device.bought > 700 ? "Hết bảo hành" : "Còn bảo hành",
        location: random.chance(0.3) ? "Tại chỗ" : "Trung tâm",
      };
      const responseMedian =
        ticket.channel === "Email" || ticket.channel === "Website"
          ? 150
          : ticket.location === "Tại chỗ" && isRepairFlow(type)
            ? 240
            : 40;
      ticket.firstResponseAt = roundMinute(
        nextWorking(
          new Date(
            nextWorking(receivedAt).getTime() +
              random.logNormal(responseMedian * responseFactor(ticket.channel, receivedAt), 0.8) * minute,
          ),
        ),
      );
      if (isRepairFlow(type)) {
        const tech = random.pick(technicians);
        ticket.technician = tech.name;
        ticket.fault = random.pick(faults);
        const onsite = ticket.location === "Tại chỗ";
        const start = onsite
          ? ticket.firstResponseAt
          : roundMinute(nextWorking(new Date(ticket.firstResponseAt.getTime() + random.logNormal(600, 0.6) * minute)));
        if (!onsite) ticket.productReceivedAt = start;
        const hours = random.logNormal(onsite ? 3 : 14, 0.9) * tech.speed * (previous ? 1.3 : 1);
        let repaired = start.getTime() + hours * 3_600_000 * (onsite ? 1 : 2.4);
        if (
          tetClosures.some(([from]) => {
            const f = new Date(`${from}T00:00:00Z`).getTime();
            return f > start.getTime() && f < repaired;
          })
        )
          repaired += 9 * day;
        ticket.repairedAt = roundMinute(nextWorking(new Date(repaired)));
        ticket.outcome = random.weighted(outcomes);
        ticket.deliveredAt = onsite
          ? ticket.repairedAt
          : roundMinute(nextWorking(new Date(ticket.repairedAt.getTime() + random.logNormal(300, 0.8) * minute)));
        ticket.closedAt = ticket.deliveredAt;
        ticket.charge = ticket.warranty === "Còn bảo hành" ? 0 : Math.round(random.logNormal(800, 0.7)) * 1000;
        if (
          (ticket.outcome === "Đã sửa" || ticket.outcome === "Thay mới") &&
          random.chance(repeatChance(tech, ticket.category, ticket.repairedAt))
        ) {
          // The faulty parts of the bad month fail within weeks: the same draw, squeezed into 3–20 days.
          const after = random.int(3, 70);
          const soon = tech.name === demoEvents.badTechnician && inBadMonth(ticket.repairedAt);
          // The faulty batch was power boards: the repairs that fail were recorded as that fault.
          if (soon) ticket.fault = demoEvents.faultyPart;
          const back =
            Math.round((ticket.deliveredAt.getTime() - start.getTime()) / day) +
            d +
            (soon ? 3 + Math.round(((after - 3) * 17) / 67) : after);
          returns.set(back, [...(returns.get(back) ?? []), ticket]);
        }
      } else {
        ticket.closedAt = roundMinute(
          nextWorking(
            new Date(
              ticket.firstResponseAt.getTime() + random.logNormal(type === "Khiếu nại" ? 2400 : 120, 1) * minute,
            ),
          ),
        );
      }
      if (random.chance(0.65)) {
        const slow = ticket.closedAt.getTime() - receivedAt.getTime() > 5 * day;
        const p = previous ? 0.5 : slow ? 0.35 : 0.12;
        ticket.csat = random.chance(p)
          ? random.weighted([
              [1, 2],
              [2, 3],
              [3, 5],
            ])
          : random.weighted([
              [4, 5],
              [5, 6],
            ]);
        if (random.chance(0.3)) ticket.comment = random.pick(ticket.csat <= 3 ? badComments : goodComments);
      }
      tickets.push(ticket);
    }
  }
  return tickets;
}
