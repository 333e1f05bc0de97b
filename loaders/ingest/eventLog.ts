import type { ExportSpec, FieldSpec } from "./fields.ts";
import { ticketSpec } from "./ticketSpec.ts";
import { checkMapping, type Mapping, type MappingFile } from "./mapping.ts";
import { canonicalColumns } from "../warehouse/schema.ts";
import type { Warehouse } from "../warehouse/database.ts";
import { foldKey, foldKeySql, sqlIdent, sqlString } from "../text/foldKey.ts";

/**
 * Event logs: exports with one row per event of a ticket (ServiceNow audit, Jira history,
 * the Volvo IT incident log). A mapping with `"kind": "events"` says which columns hold the
 * ticket id, the event time and the status, and which statuses mark which milestone. Rows
 * are parsed and checked by the ordinary pipeline (staging, typedSelect, rejects): a row is
 * an event, and `rows read = accepted + rejected` counts events. Accepted events are kept in
 * `ticket_events`; every ticket they touch is then rebuilt from all its stored events, in
 * SQL, so that a later partial log merges with the earlier ones.
 */

/** "Status", "Status/Sub Status", or the object form for a status that itself contains "/". */
export type StatusPattern = string | { status: string; subStatus?: string };

export interface EventsSection {
  /** Header of the column holding the ticket id. */
  ticket: string;
  /** Header of the column holding the event time. */
  time: string;
  status: string;
  subStatus?: string;
  /** The first matching event is when the ticket was received; without it (or no match), its first event. */
  created?: StatusPattern[];
  firstResponse?: StatusPattern[];
  resolved?: StatusPattern[];
  closed?: StatusPattern[];
  onHold?: StatusPattern[];
}

const milestoneKeys = ["created", "firstResponse", "resolved", "closed", "onHold"] as const;
type MilestoneKey = (typeof milestoneKeys)[number];
const sectionKeys = ["ticket", "time", "status", "subStatus", ...milestoneKeys];

/** Ticket fields an event log computes from its events: a mapping may not take them from a column. */
export const computedFields = [
  "ticket_id",
  "received_at",
  "first_response_at",
  "resolved_at",
  "closed_at",
  "on_hold_hours",
];

/** Ticket fields an event may carry (channel, product_model, region, technician…): the latest event with one wins. */
const carriedFields: FieldSpec[] = ticketSpec.fields.filter((f) => !computedFields.includes(f.name));

/** One side of a pattern: any value, a folded value, or a folded prefix ("Wait*"). */
type Part = { any: true } | { any: false; folded: string; prefix: boolean };
interface Pattern {
  status: Part;
  sub: Part;
}

function part(text: string): Part | undefined {
  const t = text.trim();
  if (t === "*") return { any: true };
  const prefix = t.endsWith("*");
  const folded = foldKey(prefix ? t.slice(0, -1) : t);
  return folded ? { any: false, folded, prefix } : undefined;
}

/** Parse one pattern; a string is split at its first "/". Returns an error message (Vietnamese) when unusable. */
function parsePattern(raw: unknown, hasSub: boolean): Pattern | string {
  let status: string;
  let sub: string | undefined;
  if (typeof raw === "string") {
    const slash = raw.indexOf("/");
    status = slash < 0 ? raw : raw.slice(0, slash);
    sub = slash < 0 ? undefined : raw.slice(slash + 1);
  } else if (raw && typeof raw === "object" && typeof (raw as { status?: unknown }).status === "string") {
    const o = raw as { status: string; subStatus?: unknown };
    if (o.subStatus !== undefined && typeof o.subStatus !== "string") return `"subStatus" phải là chuỗi`;
    status = o.status;
    sub = o.subStatus as string | undefined;
  } else {
    return `cần "Trạng thái", "Trạng thái/Trạng thái phụ" hoặc {"status": …, "subStatus": …}`;
  }
  const s = part(status);
  if (!s) return `trạng thái rỗng (dùng "*" cho mọi trạng thái)`;
  if (sub === undefined) return { status: s, sub: { any: true } };
  if (!hasSub) return `nêu trạng thái phụ "${sub}" nhưng events.subStatus (cột trạng thái phụ) chưa khai báo`;
  const ss = part(sub);
  if (!ss) return `trạng thái phụ rỗng (bỏ "/" hoặc dùng "*")`;
  return { status: s, sub: ss };
}

/**
 * Problems of an event-log mapping, each naming the bad key, in Vietnamese; empty when sound.
 * Also run by loadMapping, so a bad file is refused before anything is read.
 */
export function checkEventMapping(mapping: MappingFile): string[] {
  const problems: string[] = [];
  if (mapping.kind !== "events") problems.push(`kind: phải là "events" khi tệp ánh xạ có mục "events"`);
  const events = mapping.events as unknown;
  if (!events || typeof events !== "object" || Array.isArray(events)) {
    return [...problems, `events: thiếu mục "events" (bắt buộc khi kind là "events"), xem data/mappings/README.md`];
  }
  const section = events as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!sectionKeys.includes(key)) problems.push(`events.${key}: khóa không có (có: ${sectionKeys.join(", ")})`);
  }
  const what: Record<string, string> = { ticket: "mã phiếu", time: "thời điểm sự kiện", status: "trạng thái" };
  const headers = new Map<string, string>();
  for (const key of ["ticket", "time", "status", "subStatus"]) {
    const value = section[key];
    if (value === undefined && key === "subStatus") continue;
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(`events.${key}: cần tên cột (chuỗi) chứa ${what[key] ?? "trạng thái phụ"}`);
      continue;
    }
    const other = headers.get(foldKey(value));
    if (other) problems.push(`events.${key}: cột "${value}" đã dùng cho events.${other}`);
    headers.set(foldKey(value), key);
  }
  const hasSub = typeof section.subStatus === "string";
  for (const key of milestoneKeys) {
    const list = section[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`events.${key}: cần một danh sách trạng thái, ví dụ ["Completed/Closed"]`);
      continue;
    }
    list.forEach((item, i) => {
      const parsed = parsePattern(item, hasSub);
      if (typeof parsed === "string") problems.push(`events.${key}[${i}]: ${parsed}`);
    });
  }
  const names = new Set(ticketSpec.fields.map((f) => f.name));
  for (const [header, column] of Object.entries(mapping.columns ?? {})) {
    if (computedFields.includes(column)) {
      problems.push(`columns."${header}": "${column}" được dựng từ sự kiện (mục events), không lấy từ cột`);
    } else if (!names.has(column)) {
      problems.push(
        `columns."${header}": "${column}" không phải cột chuẩn của phiếu (có: ${carriedFields.map((f) => f.name).join(", ")})`,
      );
    } else if (headers.has(foldKey(header))) {
      problems.push(`columns."${header}": cột này đã là events.${headers.get(foldKey(header))}`);
    }
  }
  // Value tables are checked as for any ticket export.
  problems.push(...checkMapping({ values: mapping.values }, ticketSpec));
  return problems;
}

/** What ingestFile needs to read an event log through the ordinary pipeline. */
export interface EventLogPlan {
  events: EventsSection;
  /** The spec the rows are parsed with: ticket id, event time, status, sub-status, carried ticket fields. */
  spec: ExportSpec;
  /** The mapping with the event columns added to `columns`, so that header matching finds them. */
  mapping: Mapping;
  patterns: Partial<Record<MilestoneKey, Pattern[]>>;
}

/** Plan an event-log import; returns the mapping's problems instead when it is not sound. */
export function planEventLog(mapping: Mapping): EventLogPlan | { problems: string[] } {
  const problems = checkEventMapping(mapping);
  if (problems.length) return { problems };
  const events = mapping.events!;
  const hasSub = events.subStatus !== undefined;
  const patterns: EventLogPlan["patterns"] = {};
  for (const key of milestoneKeys) {
    if (events[key]) patterns[key] = events[key]!.map((p) => parsePattern(p, hasSub) as Pattern);
  }
  const own = (name: string, header: string, type: "text" | "timestamp", required = false): FieldSpec =>
    type === "text" ? { name, type, aliases: [header], required } : { name, type, aliases: [header], required };
  const spec: ExportSpec = {
    kind: "tickets",
    // No field is the row key: a ticket id repeats once per event, which is not a duplicate here.
    key: "event_row",
    idField: "ticket_id",
    requiredColumns: ["ticket_id", "event_at", "event_status"],
    fields: [
      own("ticket_id", events.ticket, "text", true),
      own("event_at", events.time, "timestamp", true),
      own("event_status", events.status, "text"),
      ...(hasSub ? [own("event_sub_status", events.subStatus!, "text")] : []),
      ...carriedFields,
    ],
    order: [],
  };
  const columns: Record<string, string> = {
    ...mapping.columns,
    [events.ticket]: "ticket_id",
    [events.time]: "event_at",
    [events.status]: "event_status",
  };
  if (hasSub) columns[events.subStatus!] = "event_sub_status";
  return { events, spec, mapping: { ...mapping, columns }, patterns };
}

/** typedSelect's SELECT for event rows: the sub-status column exists even when the log has none. */
export function eventTypedSql(plan: EventLogPlan, select: string): string {
  return plan.events.subStatus === undefined ? `SELECT *, NULL::VARCHAR AS event_sub_status FROM (${select})` : select;
}

/** Lazily: mapping.ts imports this module, and schema.ts may not be evaluated yet when it does. */
let stored: { name: string; type: string }[] | undefined;
const storedColumns = () => (stored ??= canonicalColumns(carriedFields));

/** The events table: one row per accepted event, with the ticket fields the event carried. */
async function ensureEventTable(warehouse: Warehouse): Promise<void> {
  const columns = storedColumns().map((c) => `${sqlIdent(c.name)} ${c.type}`);
  await warehouse.run(`CREATE TABLE IF NOT EXISTS ticket_events (ticket_id VARCHAR NOT NULL, event_at TIMESTAMP NOT NULL,
    status VARCHAR, sub_status VARCHAR, ${columns.join(", ")}, extra JSON, import_id INTEGER NOT NULL, source_line INTEGER)`);
  // Fields added to the ticket spec later get their column here too.
  for (const c of storedColumns())
    await warehouse.run(`ALTER TABLE ticket_events ADD COLUMN IF NOT EXISTS ${sqlIdent(c.name)} ${c.type}`);
}

/** SQL true when the folded status `s` / sub-status `ss` match one of the patterns. */
function matchSql(patterns: Pattern[] | undefined): string {
  if (!patterns?.length) return "false";
  const side = (p: Part, column: string) =>
    p.any ? "true" : p.prefix ? `starts_with(${column}, ${sqlString(p.folded)})` : `${column} = ${sqlString(p.folded)}`;
  return `coalesce(${patterns.map((p) => `(${side(p.status, "s")} AND ${side(p.sub, "ss")})`).join(" OR ")}, false)`;
}

export interface EventStoreSummary {
  eventsInserted: number;
  /** Events already stored (same ticket, time, status and sub-status) that this file's events replaced. */
  eventsReplaced: number;
  ticketsBuilt: number;
  ticketsInserted: number;
  ticketsUpdated: number;
}

/**
 * Store the accepted events of this import (`accepted`: a subquery over `typed`) and rebuild
 * every ticket they touch from all its stored events. Runs inside ingestFile's transaction.
 */
export async function storeEvents(
  warehouse: Warehouse,
  plan: EventLogPlan,
  importId: number,
  accepted: string,
): Promise<EventStoreSummary> {
  await ensureEventTable(warehouse);
  const n = async (sql: string) => Number((await warehouse.one<{ n: number }>(sql))!.n);

  // An event is identified by ticket, time, status and sub-status: the same event in a later
  // (full or partial) log replaces the stored one, events only stored before are kept.
  const same = `a.ticket_id = ticket_events.ticket_id AND a.event_at = ticket_events.event_at
    AND a.event_status IS NOT DISTINCT FROM ticket_events.status AND a.event_sub_status IS NOT DISTINCT FROM ticket_events.sub_status`;
  const replaced = await n(
    `SELECT count(*) AS n FROM ticket_events WHERE EXISTS (SELECT 1 FROM ${accepted} a WHERE ${same})`,
  );
  if (replaced > 0)
    await warehouse.run(`DELETE FROM ticket_events WHERE EXISTS (SELECT 1 FROM ${accepted} a WHERE ${same})`);
  const carried = storedColumns().map((c) => sqlIdent(c.name));
  await warehouse.run(`INSERT INTO ticket_events (ticket_id, event_at, status, sub_status, ${carried.join(", ")}, extra, import_id, source_line)
    SELECT ticket_id, event_at, event_status, event_sub_status, ${carried.join(", ")}, extra, ${importId}, __line FROM ${accepted}`);
  const inserted = await n(`SELECT count(*) AS n FROM ${accepted}`);

  await warehouse.run(`CREATE OR REPLACE TEMP TABLE event_tickets AS ${buildTicketsSql(plan, importId, accepted)}`);
  try {
    return {
      eventsInserted: inserted - replaced,
      eventsReplaced: replaced,
      ...(await mergeTickets(warehouse, plan, importId)),
    };
  } finally {
    await warehouse.run("DROP TABLE IF EXISTS event_tickets");
  }
}

/**
 * One row per ticket touched by this import, computed from all its stored events. The rules
 * (data/mappings/README.md states them for users):
 * - events run in time order, ties in import then file-line order (`seq`);
 * - received_at: the first `created` event, else the first event; earlier events are ignored
 *   by the milestones below, so none of them can come before received_at;
 * - first_response_at: the first `firstResponse` event;
 * - resolved_at / closed_at: the first `resolved` / `closed` event of the ticket's final
 *   completion run, the events after its last event that is neither resolved nor closed. A
 *   ticket reopened and not completed again has neither (it is open again);
 * - on_hold_hours: for every `onHold` event, the time to the ticket's next event; an on-hold
 *   stretch with no next event has no end yet and adds nothing;
 * - other fields: the value of the latest event that carries one; extra: the latest event's
 *   unmapped columns, with event_count and the latest status.
 */
export function buildTicketsSql(plan: EventLogPlan, importId: number, accepted: string): string {
  const p = plan.patterns;
  // The event order as a value: arg_max over it picks a ticket's latest event without a window.
  const key = "{'at': event_at, 'import': import_id, 'line': source_line}";
  const latest = storedColumns().map(({ name }) => {
    // A coded field and its raw spelling come from the same event: the one whose raw cell was filled.
    const carrier =
      name.endsWith("_raw") || !storedColumns().some((c) => c.name === `${name}_raw`) ? name : `${name}_raw`;
    return `arg_max(${sqlIdent(name)}, ${key}) FILTER (WHERE ${sqlIdent(carrier)} IS NOT NULL) AS ${sqlIdent(name)}`;
  });
  const run = "seq >= start_seq";
  const completion = `${run} AND seq > coalesce(last_open_seq, 0)`;
  // Windows and joins carry only the few columns the milestones need (a window over every
  // column of millions of events is what made the first version slow); the carried columns
  // are aggregated straight from the table and joined per ticket at the end.
  return `
    WITH touched AS (SELECT DISTINCT ticket_id FROM ${accepted}),
    ev AS (
      SELECT ticket_id, event_at, status, sub_status, row_number() OVER w AS seq, lead(event_at) OVER w AS next_at
      FROM ticket_events WHERE ticket_id IN (SELECT ticket_id FROM touched)
      WINDOW w AS (PARTITION BY ticket_id ORDER BY event_at, import_id, source_line)
    ),
    -- Statuses are few: fold and match each distinct pair once, not once per event.
    pairs AS (SELECT DISTINCT status, sub_status FROM ev),
    folded AS (SELECT status, sub_status, ${foldKeySql("status")} AS s, ${foldKeySql("sub_status")} AS ss FROM pairs),
    flags AS (
      SELECT status, sub_status, ${matchSql(p.created)} AS is_created, ${matchSql(p.firstResponse)} AS is_response,
        ${matchSql(p.resolved)} AS is_resolved, ${matchSql(p.closed)} AS is_closed, ${matchSql(p.onHold)} AS is_hold
      FROM folded
    ),
    marked AS (
      SELECT ev.*, flags.is_created, flags.is_response, flags.is_resolved, flags.is_closed, flags.is_hold
      FROM ev JOIN flags ON ev.status IS NOT DISTINCT FROM flags.status AND ev.sub_status IS NOT DISTINCT FROM flags.sub_status
    ),
    bounds AS (
      SELECT ticket_id, coalesce(min(seq) FILTER (WHERE is_created), 1) AS start_seq,
        max(seq) FILTER (WHERE NOT (is_resolved OR is_closed)) AS last_open_seq
      FROM marked GROUP BY ticket_id
    ),
    milestones AS (
      SELECT ticket_id,
        min(event_at) FILTER (WHERE seq = start_seq) AS received_at,
        min(event_at) FILTER (WHERE ${run} AND is_response) AS first_response_at,
        min(event_at) FILTER (WHERE ${completion} AND is_resolved) AS resolved_at,
        min(event_at) FILTER (WHERE ${completion} AND is_closed) AS closed_at,
        coalesce(sum(epoch_us(next_at) - epoch_us(event_at)) FILTER (WHERE ${run} AND is_hold AND next_at IS NOT NULL), 0) / 3600e6 AS on_hold_hours,
        json_object('event_count', count(*), 'last_status', arg_max(status, seq), 'last_sub_status', arg_max(sub_status, seq)) AS summary
      FROM marked JOIN bounds USING (ticket_id) GROUP BY ticket_id
    ),
    carried AS (
      SELECT ticket_id,
        ${latest.join(",\n        ")},
        arg_max(extra, ${key}) FILTER (WHERE extra IS NOT NULL) AS latest_extra,
        arg_max(source_line, ${key}) FILTER (WHERE import_id = ${importId}) AS source_line
      FROM ticket_events WHERE ticket_id IN (SELECT ticket_id FROM touched) GROUP BY ticket_id
    )
    SELECT m.* EXCLUDE (summary), c.* EXCLUDE (ticket_id, latest_extra, source_line),
      json_merge_patch(coalesce(c.latest_extra, '{}'), m.summary) AS extra, c.source_line
    FROM milestones m JOIN carried c USING (ticket_id)`;
}

/**
 * Write the rebuilt tickets. The milestones this log declares are the events' to say (a
 * reopened ticket loses its closed_at); a carried field no event of the ticket filled keeps
 * its stored value, as for any later export.
 */
async function mergeTickets(warehouse: Warehouse, plan: EventLogPlan, importId: number) {
  const events = plan.events;
  const milestones = [
    "received_at",
    ...(events.firstResponse ? ["first_response_at"] : []),
    ...(events.resolved ? ["resolved_at"] : []),
    ...(events.closed ? ["closed_at"] : []),
    ...(events.onHold ? ["on_hold_hours"] : []),
  ].map(sqlIdent);
  const carried = storedColumns().map((c) => sqlIdent(c.name));
  const built = Number((await warehouse.one<{ n: number }>("SELECT count(*) AS n FROM event_tickets"))!.n);
  const updated = Number(
    (await warehouse.one<{ n: number }>(
      "SELECT count(*) AS n FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM event_tickets)",
    ))!.n,
  );
  if (updated > 0) {
    const carriedSet = storedColumns().map(({ name }) => {
      const raw = storedColumns().some((c) => c.name === `${name}_raw`)
        ? `${name}_raw`
        : name.endsWith("_raw")
          ? name
          : undefined;
      const c = sqlIdent(name);
      // Coded pairs move together, so a code never sits next to another event's spelling.
      return raw
        ? `${c} = CASE WHEN b.${sqlIdent(raw)} IS NOT NULL THEN b.${c} ELSE tickets.${c} END`
        : `${c} = coalesce(b.${c}, tickets.${c})`;
    });
    await warehouse.run(
      `UPDATE tickets SET ${[
        ...milestones.map((m) => `${m} = b.${m}`),
        ...carriedSet,
        `extra = json_merge_patch(coalesce(tickets.extra, '{}'), b.extra)`,
        `import_id = ${importId}`,
        `source_line = b.source_line`,
      ].join(", ")} FROM event_tickets b WHERE tickets.ticket_id = b.ticket_id`,
    );
  }
  const columns = ["ticket_id", ...milestones, ...carried, "extra", "import_id", "source_line"];
  await warehouse.run(`INSERT INTO tickets (${columns.join(", ")})
    SELECT ${columns.map((c) => (c === "import_id" ? String(importId) : `b.${c}`)).join(", ")} FROM event_tickets b
    WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.ticket_id = b.ticket_id)`);
  return { ticketsBuilt: built, ticketsInserted: built - updated, ticketsUpdated: updated };
}
