import { existsSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { ingestFile } from "../../loaders/ingest/ingestFile.ts";
import { loadMapping, type Mapping } from "../../loaders/ingest/mapping.ts";
import { checkEventMapping } from "../../loaders/ingest/eventLog.ts";
import { UnusableFileError } from "../../loaders/ingest/source.ts";
import type { Warehouse } from "../../loaders/warehouse/database.ts";
import { csv, memoryWarehouse, runCli, scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

/**
 * A small event log as a Vietnamese helpdesk would export it. The mapping spells the statuses
 * without tone marks and in lower case: matching folds both sides.
 */
const mapping: Mapping = {
  kind: "events",
  events: {
    ticket: "Mã sự cố",
    time: "Thời điểm",
    status: "Trạng thái",
    subStatus: "Trạng thái phụ",
    firstResponse: ["dang xu ly"],
    resolved: ["hoan tat/da giai quyet"],
    closed: ["Hoàn tất/Đã đóng"],
    onHold: ["Đang xử lý/Chờ*"],
  },
  columns: { Kênh: "channel", Model: "product_model" },
};

const header = ["Mã sự cố", "Thời điểm", "Trạng thái", "Trạng thái phụ", "Kênh", "Model"];
// Line numbers in comments: line 1 is the header.
const march = csv([
  header,
  ["T1", "02/03/2026 10:00", "Đang xử lý", "Đang làm", "Zalo", "M1"], // 2
  ["T1", "02/03/2026 08:00", "Chờ phân công", "", "Hotline", ""], // 3: T1's first event, though not first in the file
  ["T1", "03/03/2026 09:00", "Hoàn tất", "Đã giải quyết", "", ""], // 4
  ["T1", "02/03/2026 12:00", "Đang xử lý", "Chờ khách hàng", "", ""], // 5: on hold until 15:30 → 3.5 h
  ["T1", "02/03/2026 15:30", "Đang xử lý", "Đang làm", "", ""], // 6
  ["T1", "04/03/2026 09:00", "Hoàn tất", "Đã đóng", "", "M2"], // 7
  ["T2", "05/03/2026 09:00", "Đang xử lý", "Đang làm", "Email", "X9"], // 8
  ["T2", "05/03/2026 11:00", "Đang xử lý", "Chờ linh kiện", "", ""], // 9: on hold until 14:00 → 3 h
  ["T2", "05/03/2026 14:00", "Hoàn tất", "Đã giải quyết", "", ""], // 10
  ["T2", "06/03/2026 08:00", "Đang xử lý", "Đang làm", "", ""], // 11: reopened
  ["T2", "06/03/2026 09:30", "Đang xử lý", "Chờ khách hàng", "", ""], // 12: on hold, no next event yet
  ["", "05/03/2026 10:00", "Đang xử lý", "Đang làm", "", ""], // 13: no ticket id
  ["T2", "32/13/2026 25:00", "Đang xử lý", "Đang làm", "", ""], // 14: unreadable time
  ["T3", "2026-03-10T08:00:00+01:00", "Mới", "", "Web", ""], // 15: 14:00 in Vietnam
  ["T3", "2026-03-10T09:30:00+01:00", "Hoàn tất", "Đã đóng", "", ""], // 16: closed
  ["T3", "2026-03-10T09:30:00+01:00", "Hoàn tất", "Đã giải quyết", "Email", ""], // 17: same time, later line: comes after 16
]);
// A later, partial log: T2's last known event again, then its resolution and close; a new T4.
const april = csv([
  header,
  ["T2", "06/03/2026 09:30", "Đang xử lý", "Chờ khách hàng", "", ""], // 2: on hold until 07/03 10:00 → 24.5 h
  ["T2", "07/03/2026 10:00", "Hoàn tất", "Đã giải quyết", "Hotline", ""], // 3
  ["T4", "01/04/2026 08:00", "Đang xử lý", "Đang làm", "Tiki", "M7"], // 4
  ["T2", "08/03/2026 10:00", "Hoàn tất", "Đã đóng", "", ""], // 5
]);

const ticketSql = `SELECT ticket_id, strftime(received_at, '%d/%m %H:%M') AS received, strftime(first_response_at, '%d/%m %H:%M') AS response,
    strftime(resolved_at, '%d/%m %H:%M') AS resolved, strftime(closed_at, '%d/%m %H:%M') AS closed, on_hold_hours AS hold,
    channel, channel_raw, product_model, CAST(extra->>'event_count' AS INTEGER) AS events, extra->>'last_sub_status' AS last
  FROM tickets ORDER BY ticket_id`;

const t1 = {
  ticket_id: "T1",
  received: "02/03 08:00",
  response: "02/03 10:00",
  resolved: "03/03 09:00",
  closed: "04/03 09:00",
  hold: 3.5,
  channel: "social",
  channel_raw: "Zalo",
  product_model: "M2",
  events: 6,
  last: "Đã đóng",
};
// Lines 16 and 17 share a time: file order decides, so the latest event is 17 (its channel, its sub-status).
const t3 = {
  ticket_id: "T3",
  received: "10/03 14:00",
  response: null,
  resolved: "10/03 15:30",
  closed: "10/03 15:30",
  hold: 0,
  channel: "email",
  channel_raw: "Email",
  product_model: null,
  events: 3,
  last: "Đã giải quyết",
};

async function loadMarch(): Promise<Warehouse> {
  const w = await memoryWarehouse();
  await ingestFile(w, scratch.file("march.csv", march), { mapping });
  return w;
}

describe("event logs: one ticket per id, milestones from its events", () => {
  it("builds each ticket from its events in time order; bad events are rejected with line, column, value and reason", async () => {
    const w = await memoryWarehouse();
    const summary = await ingestFile(w, scratch.file("march.csv", march), { mapping });
    expect(summary).toMatchObject({
      status: "imported",
      kind: "tickets",
      rowsRead: 16,
      rowsAccepted: 14,
      rowsRejected: 2,
      rowsInserted: 14,
      rowsUpdated: 0,
    });
    expect(summary.rejectsByReason).toEqual({ missing_key: 1, bad_date: 1 });
    expect(summary.eventLog).toEqual({
      eventsInserted: 14,
      eventsReplaced: 0,
      ticketsBuilt: 3,
      ticketsInserted: 3,
      ticketsUpdated: 0,
    });
    expect(await w.all("SELECT line, column_name, value, reason FROM rejects ORDER BY line")).toEqual([
      { line: 13, column_name: "Mã sự cố", value: null, reason: "missing_key" },
      { line: 14, column_name: "Thời điểm", value: "32/13/2026 25:00", reason: "bad_date" },
    ]);
    expect(await w.all(ticketSql)).toEqual([
      t1,
      // Resolved on 05/03 but reopened on 06/03 and not completed again: open, neither resolved nor closed.
      // On hold 11:00 → 14:00; the wait that began 06/03 09:30 has no end yet and counts nothing.
      {
        ticket_id: "T2",
        received: "05/03 09:00",
        response: "05/03 09:00",
        resolved: null,
        closed: null,
        hold: 3,
        channel: "email",
        channel_raw: "Email",
        product_model: "X9",
        events: 5,
        last: "Chờ khách hàng",
      },
      t3,
    ]);
    // The events are kept, with the line each came from.
    expect(
      await w.one("SELECT count(*) AS n, min(source_line) AS first, max(source_line) AS last FROM ticket_events"),
    ).toEqual({ n: 14, first: 2, last: 17 });
    w.close();
  });

  it("a later partial log merges: events already stored are replaced, not doubled, and touched tickets are recomputed", async () => {
    const w = await loadMarch();
    const before = await w.all(ticketSql);
    const summary = await ingestFile(w, scratch.file("april.csv", april), { mapping });
    expect(summary).toMatchObject({ rowsRead: 4, rowsAccepted: 4, rowsRejected: 0, rowsInserted: 3, rowsUpdated: 1 });
    expect(summary.eventLog).toEqual({
      eventsInserted: 3,
      eventsReplaced: 1,
      ticketsBuilt: 2,
      ticketsInserted: 1,
      ticketsUpdated: 1,
    });
    expect(await w.all(ticketSql)).toEqual([
      before[0],
      // 3 h + 06/03 09:30 → 07/03 10:00 (24.5 h); resolved and closed by the new events; channel from its latest event with one.
      {
        ticket_id: "T2",
        received: "05/03 09:00",
        response: "05/03 09:00",
        resolved: "07/03 10:00",
        closed: "08/03 10:00",
        hold: 27.5,
        channel: "hotline",
        channel_raw: "Hotline",
        product_model: "X9",
        events: 7,
        last: "Đã đóng",
      },
      before[2],
      {
        ticket_id: "T4",
        received: "01/04 08:00",
        response: "01/04 08:00",
        resolved: null,
        closed: null,
        hold: 0,
        channel: "marketplace",
        channel_raw: "Tiki",
        product_model: "M7",
        events: 1,
        last: "Đang làm",
      },
    ]);
    expect(await w.one("SELECT count(*) AS n FROM ticket_events")).toEqual({ n: 17 });

    // The same log again (forced): the same tickets, no event twice.
    const after = await w.all("SELECT * EXCLUDE (import_id) FROM tickets ORDER BY ticket_id");
    const again = await ingestFile(w, scratch.file("april.csv", april), { mapping, force: true });
    expect(again.eventLog).toMatchObject({
      eventsInserted: 0,
      eventsReplaced: 4,
      ticketsInserted: 0,
      ticketsUpdated: 2,
    });
    expect(await w.all("SELECT * EXCLUDE (import_id) FROM tickets ORDER BY ticket_id")).toEqual(after);
    expect(await w.one("SELECT count(*) AS n FROM ticket_events")).toEqual({ n: 17 });
    w.close();
  });

  it("a ticket already loaded from a ticket export keeps the columns the log does not carry", async () => {
    const w = await memoryWarehouse();
    const tickets = csv([
      ["Mã phiếu", "Ngày tiếp nhận", "Ngày đóng", "Đánh giá", "Kỹ thuật viên"],
      ["T1", "01/03/2026 07:00", "05/03/2026 10:00", "5", "Lan"],
    ]);
    await ingestFile(w, scratch.file("tickets.csv", tickets));
    await ingestFile(w, scratch.file("march.csv", march), { mapping });
    // Milestones the log declares are the events' to say; csat and technician stay.
    expect(
      await w.one(
        "SELECT strftime(received_at, '%d/%m %H:%M') AS received, strftime(closed_at, '%d/%m %H:%M') AS closed, csat, technician, channel FROM tickets WHERE ticket_id = 'T1'",
      ),
    ).toEqual({
      received: "02/03 08:00",
      closed: "04/03 09:00",
      csat: 5,
      technician: "Lan",
      channel: "social",
    });
    expect(await w.one("SELECT count(*) AS n FROM tickets")).toEqual({ n: 3 });
    w.close();
  });

  it("a declared created milestone sets received_at; events before it count for no milestone", async () => {
    const w = await memoryWarehouse();
    const log = csv([
      ["Key", "Changed", "Status"],
      ["J1", "2026-05-04 08:00", "Draft"],
      ["J1", "2026-05-04 09:00", "On hold"], // before creation: not on-hold time
      ["J1", "2026-05-04 10:00", "Open"],
      ["J1", "2026-05-04 11:00", "On hold"], // 1 h
      ["J1", "2026-05-04 12:00", "In progress"],
      ["J1", "2026-05-04 13:00", "Done"],
    ]);
    const jira: Mapping = {
      kind: "events",
      events: {
        ticket: "Key",
        time: "Changed",
        status: "Status",
        created: ["Open"],
        firstResponse: ["In progress"],
        closed: ["Done"],
        onHold: ["On hold"],
      },
    };
    await ingestFile(w, scratch.file("jira.csv", log), { mapping: jira });
    expect(
      await w.one(
        "SELECT strftime(received_at, '%H:%M') AS r, strftime(first_response_at, '%H:%M') AS f, strftime(closed_at, '%H:%M') AS c, resolved_at, on_hold_hours AS h FROM tickets",
      ),
    ).toEqual({
      r: "10:00",
      f: "12:00",
      c: "13:00",
      // The log declares no resolved milestone: the column is not measured.
      resolved_at: null,
      h: 1,
    });
    w.close();
  });

  it("the CLI says how many tickets the events built", async () => {
    const path = scratch.file("cli.csv", march);
    const mappingPath = scratch.file("cli-mapping.json", JSON.stringify(mapping));
    const result = await runCli(["ingest", path, "--mapping", mappingPath, "--db", `${scratch.dir}/cli.duckdb`]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("đọc 16 = nhận 14 + loại 2");
    expect(result.out).toContain("dựng 3 phiếu (mới 3, cập nhật 0)");
  });
});

describe("event-log mappings are checked when loaded", () => {
  it("names every bad key", () => {
    const problems = checkEventMapping({
      kind: "events",
      events: {
        ticket: "Id",
        time: "",
        status: "Status",
        closed: "Done",
        onHold: ["On hold/Customer", 3],
        firstresponse: ["x"],
      } as never,
      columns: { Closed: "closed_at", Owner: "owner" },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^events\.firstresponse: khóa không có/),
      expect.stringMatching(/^events\.time: cần tên cột/),
      expect.stringMatching(/^events\.closed: cần một danh sách/),
      expect.stringMatching(/^events\.onHold\[0\]: nêu trạng thái phụ "Customer" nhưng events\.subStatus/),
      expect.stringMatching(/^events\.onHold\[1\]: cần "Trạng thái"/),
      expect.stringMatching(/^columns\."Closed": "closed_at" được dựng từ sự kiện/),
      expect.stringMatching(/^columns\."Owner": "owner" không phải cột chuẩn/),
    ]);
    expect(checkEventMapping({ kind: "events" })).toEqual([expect.stringMatching(/^events: thiếu mục "events"/)]);
  });

  it("loadMapping refuses a bad file before anything is read; ingestFile refuses a bad mapping object and changes nothing", async () => {
    const bad = scratch.file(
      "bad.json",
      JSON.stringify({ kind: "events", events: { ticket: "Id", time: "At", status: "S", resolved: ["/x"] } }),
    );
    expect(() => loadMapping(bad)).toThrow(/events\.resolved\[0\]: trạng thái rỗng/);
    const w = await memoryWarehouse();
    await expect(ingestFile(w, scratch.file("m.csv", march), { mapping: { kind: "events" } })).rejects.toBeInstanceOf(
      UnusableFileError,
    );
    expect(await w.one("SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM import_log) AS n")).toEqual({
      n: 0,
    });
    w.close();
    expect(loadMapping("data/mappings/volvo-it-incidents.json").events?.ticket).toBe("SR Number");
  });
});

const volvo = "../shared/realdata/volvo-it-incidents/VINST-new.csv";
if (!existsSync(volvo))
  console.warn(`${volvo} not found: the Volvo IT event-log test is skipped (it needs ../shared/realdata)`);

/** Median as the warehouse computes it (quantile_cont): the middle value, or the mean of the two middle ones. */
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describe.skipIf(!existsSync(volvo))("the Volvo IT incident log (65,533 events)", () => {
  it("tickets, milestones and medians equal an independent computation over the raw file", async () => {
    // Worked out without the ingest code: csv-parse, plain comparisons of the raw statuses, JS loops.
    const rows = parse(readFileSync(volvo), { columns: true, bom: true }) as Record<string, string>[];
    const byTicket = new Map<string, { at: number; line: number; status: string; sub: string }[]>();
    rows.forEach((r, i) => {
      const list = byTicket.get(r["SR Number"]) ?? [];
      list.push({ at: Date.parse(r["Change Date+Time"]), line: i, status: r.Status, sub: r["Sub Status"] });
      byTicket.set(r["SR Number"], list);
    });
    const isResponse = (e: { status: string; sub: string }) =>
      (e.status === "Accepted" && (e.sub === "In Progress" || e.sub.startsWith("Wait"))) ||
      (e.status === "Completed" && ["Resolved", "In Call", "Closed"].includes(e.sub));
    const isResolved = (e: { status: string; sub: string }) =>
      e.status === "Completed" && (e.sub === "Resolved" || e.sub === "In Call");
    const isClosed = (e: { status: string; sub: string }) =>
      e.status === "Completed" && ["Closed", "In Call", "Cancelled"].includes(e.sub);
    const isHold = (e: { status: string; sub: string }) => e.status === "Accepted" && e.sub.startsWith("Wait");
    const hour = 3600 * 1000;
    const toClose: number[] = [];
    const toResponse: number[] = [];
    const holds: number[] = [];
    let resolved = 0;
    for (const events of byTicket.values()) {
      events.sort((a, b) => a.at - b.at || a.line - b.line);
      const received = events[0].at;
      const response = events.find(isResponse);
      if (response) toResponse.push((response.at - received) / hour);
      let lastOpen = -1;
      events.forEach((e, i) => !isResolved(e) && !isClosed(e) && (lastOpen = i));
      const run = events.slice(lastOpen + 1);
      const closed = run.find(isClosed);
      if (closed) toClose.push((closed.at - received) / hour);
      if (run.some(isResolved)) resolved++;
      let held = 0;
      for (let i = 0; i + 1 < events.length; i++) if (isHold(events[i])) held += events[i + 1].at - events[i].at;
      holds.push(held / hour);
    }
    const expected = {
      events: rows.length,
      tickets: byTicket.size,
      closed: toClose.length,
      responded: toResponse.length,
      resolved,
      onHold: holds.filter((h) => h > 0).length,
      medianClose: median(toClose),
      medianResponse: median(toResponse),
      medianHold: median(holds),
      medianHoldWhenHeld: median(holds.filter((h) => h > 0)),
      // Most responses and holds are 0 h, so the medians alone would miss a wrong rule: the means would not.
      meanClose: mean(toClose),
      meanResponse: mean(toResponse),
      meanHold: mean(holds),
    };

    const w = await memoryWarehouse();
    const started = Date.now();
    const summary = await ingestFile(w, volvo, { mapping: loadMapping("data/mappings/volvo-it-incidents.json") });
    console.log(
      `Volvo IT log: ${summary.rowsRead} events read, ${summary.rowsAccepted} accepted, ${summary.rowsRejected} rejected, ${summary.eventLog?.ticketsBuilt} tickets, ${Date.now() - started} ms`,
      expected,
    );
    expect(summary).toMatchObject({ rowsRead: expected.events, rowsAccepted: expected.events, rowsRejected: 0 });
    expect(summary.eventLog?.ticketsBuilt).toBe(expected.tickets);
    const actual = await w.one<
      Record<string, number>
    >(`SELECT count(*) AS tickets, count(closed_at) AS closed, count(first_response_at) AS responded,
        count(resolved_at) AS resolved, count(*) FILTER (WHERE on_hold_hours > 0) AS "onHold",
        median(epoch(closed_at - received_at) / 3600) AS "medianClose", median(epoch(first_response_at - received_at) / 3600) AS "medianResponse",
        median(on_hold_hours) AS "medianHold", median(on_hold_hours) FILTER (WHERE on_hold_hours > 0) AS "medianHoldWhenHeld",
        avg(epoch(closed_at - received_at) / 3600) AS "meanClose", avg(epoch(first_response_at - received_at) / 3600) AS "meanResponse",
        avg(on_hold_hours) AS "meanHold"
      FROM tickets`);
    const { events, ...counts } = expected;
    expect(events).toBe(65533);
    for (const [key, value] of Object.entries(counts)) expect(actual![key], key).toBeCloseTo(value!, 6);
    // The figures the mapping's description argues from.
    expect(counts.tickets).toBe(7554);
    expect(counts.closed).toBeGreaterThan(7400);
    w.close();
  }, 120_000);
});
