import { afterAll, describe, expect, it } from "vitest";
import { checkMapping, loadMapping, missingHeaders } from "../../loaders/ingest/mapping.ts";
import { ticketSpec } from "../../loaders/ingest/ticketSpec.ts";
import { customerSpec } from "../../loaders/ingest/customerSpec.ts";
import { scratchDir } from "../helpers.ts";

const scratch = scratchDir();
afterAll(() => scratch.remove());

/** Write a mapping file and load it: the problems it is refused with, one per line (none when it loads). */
function problemsOf(mapping: unknown, name = "m.json"): string[] {
  const path = scratch.file(name, typeof mapping === "string" ? mapping : JSON.stringify(mapping));
  try {
    loadMapping(path);
    return [];
  } catch (error) {
    const message = (error as Error).message;
    expect(
      message.startsWith(`${path}: tệp ánh xạ không hợp lệ:`) || message.startsWith(`${path}: không đọc được`),
    ).toBe(true);
    return message
      .split("\n")
      .slice(1)
      .map((l) => l.replace(/^ {2}- /, ""));
  }
}

describe("mapping files are checked when loaded", () => {
  it("the mappings that ship with Haumai load", () => {
    for (const name of ["kaggle-customer-support-tickets.json", "ba-airline-reviews.json"]) {
      expect(loadMapping(`data/mappings/${name}`).columns).toBeDefined();
    }
  });

  it("an unknown top-level key is refused by name, with the keys allowed", () => {
    const problems = problemsOf({ kind: "tickets", colums: { Mã: "ticket_id" } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^colums: khóa không được hỗ trợ \(các khóa hợp lệ: events, description, kind, columns, values, encoding, sheet, surveyDefinition\)$/,
    );
  });

  it("every problem is reported at once, the sound sections checked even when another is broken", () => {
    expect(
      problemsOf({
        kind: "ticket",
        colums: {},
        columns: { "Ticket ID": "ticket_idd" },
        values: { channel: { Chat: "chat" } },
      }),
    ).toEqual([
      expect.stringMatching(/^colums: khóa không được hỗ trợ/),
      expect.stringMatching(/^kind: /),
      expect.stringMatching(
        /^columns\["Ticket ID"\]: "ticket_idd" không phải cột chuẩn của tickets, survey hay customers/,
      ),
      expect.stringMatching(/^values\.channel\.Chat: "chat" không thuộc channel/),
    ]);
  });

  it("wrong types are named by their JSON path", () => {
    expect(problemsOf({ columns: ["Mã phiếu"] })).toEqual([expect.stringMatching(/^columns: phải là đối tượng/)]);
    expect(problemsOf({ columns: { "Ticket ID": 3 } })).toEqual([
      expect.stringMatching(/^columns\["Ticket ID"\]: cột chuẩn phải là chuỗi, đọc được 3$/),
    ]);
    expect(problemsOf({ values: { channel: "hotline" } })).toEqual([
      expect.stringMatching(/^values\.channel: phải là đối tượng/),
    ]);
    expect(problemsOf({ values: { channel: { Phone: ["hotline"] } } })).toEqual([
      expect.stringMatching(/^values\.channel\.Phone: giá trị chuẩn phải là chuỗi/),
    ]);
    expect(problemsOf({ encoding: 1258 })).toEqual([expect.stringMatching(/^encoding: /)]);
    expect(problemsOf({ encoding: "cp1258" })).toEqual([
      'encoding: phải là một trong utf-8, utf-16le, utf-16be, windows-1258, windows-1252, đọc được "cp1258"',
    ]);
    expect(problemsOf({ encoding: "Windows-1258" })).toEqual([]);
    expect(problemsOf([1, 2])).toEqual([expect.stringMatching(/^phải là một đối tượng JSON/)]);
    expect(problemsOf("{ not json")).toEqual([expect.stringMatching(/^không đọc được JSON/)]);
  });

  it("kind must be one of tickets, survey, customers, events", () => {
    expect(problemsOf({ kind: "ticket" })).toEqual([
      'kind: phải là một trong tickets, survey, customers, events, đọc được "ticket"',
    ]);
    // An event log needs its events section (checked by eventLog.ts).
    expect(problemsOf({ kind: "events" })).toEqual([expect.stringMatching(/events/)]);
  });

  it("a columns target is checked against its kind's columns, and against every kind's when no kind is given", () => {
    const [typo] = problemsOf({ kind: "tickets", columns: { "Ticket ID": "ticket_idd" } });
    expect(typo).toMatch(
      /^columns\["Ticket ID"\]: "ticket_idd" không phải cột chuẩn của tickets \(các cột chuẩn: ticket_id, received_at, channel, /,
    );
    // A survey column is not a ticket column.
    expect(problemsOf({ kind: "tickets", columns: { NPS: "nps" } })[0]).toMatch(
      /^columns\.NPS: "nps" không phải cột chuẩn của tickets/,
    );
    // Without a kind: any kind's column is fine, a name of none is refused and the list covers all kinds.
    expect(problemsOf({ columns: { NPS: "nps", Tỉnh: "province", Ticket: "ticket_id" } })).toEqual([]);
    const [none] = problemsOf({ columns: { Mã: "ticket_number" } });
    expect(none).toMatch(
      /^columns\["Mã"\]: "ticket_number" không phải cột chuẩn của tickets, survey hay customers \(các cột chuẩn: .*ticket_id.*response_id.*province/,
    );
    expect(none).toContain("q_<mã câu hỏi>");
  });

  it("survey question targets are q_<id> of the mapping's own definition", () => {
    expect(problemsOf({ kind: "survey", columns: { Q: "q_Q01" } })).toEqual([]);
    scratch.file(
      "def.json",
      JSON.stringify({
        name: "x",
        dimensions: { d: "D" },
        questions: [{ id: "SEAT", dimension: "d", text: "Seat", scale: [1, 5] }],
      }),
    );
    expect(problemsOf({ kind: "survey", surveyDefinition: "def.json", columns: { Seat: "q_SEAT" } })).toEqual([]);
    const [wrong] = problemsOf({ kind: "survey", surveyDefinition: "def.json", columns: { Food: "q_FOOD" } });
    expect(wrong).toMatch(
      /^columns\.Food: "q_FOOD" không phải cột chuẩn của survey \(các cột chuẩn: response_id, .*, q_SEAT\)$/,
    );
    // A broken definition is refused through the mapping's key, with the definition's own problem.
    scratch.file(
      "bad-def.json",
      JSON.stringify({
        name: "x",
        dimensions: { d: "D" },
        questions: [{ id: "A", dimension: "d", text: "A", scale: [5, 1] }],
      }),
    );
    const [broken] = problemsOf({ kind: "survey", surveyDefinition: "bad-def.json" });
    expect(broken).toMatch(/^surveyDefinition: .*bad-def\.json: tệp định nghĩa khảo sát không hợp lệ/);
  });

  it("values: only coded fields, and canonical values from their vocabulary", () => {
    expect(problemsOf({ kind: "tickets", values: { region: { Bắc: "north" } } })).toEqual([
      expect.stringMatching(
        /^values\.region: "region" không phải cột mã hóa; chỉ ánh xạ được giá trị của channel, request_type, warranty_status, service_location, outcome$/,
      ),
    ]);
    expect(problemsOf({ kind: "tickets", values: { channel: { Chat: "chat" } } })).toEqual([
      'values.channel.Chat: "chat" không thuộc channel (các giá trị chuẩn: hotline, email, web, social, marketplace, sales, technician, walk_in, other)',
    ]);
    expect(problemsOf({ kind: "survey", values: { channel: { Chat: "web" } } })).toEqual([
      "values.channel: tệp survey không có cột channel; values chỉ dùng cho tệp tickets",
    ]);
  });

  it("two headers for one column, or two keys that match the same header, are refused", () => {
    expect(problemsOf({ columns: { "Mã phiếu": "ticket_id", Ticket: "ticket_id" } })).toEqual([
      'columns.Ticket: cột chuẩn "ticket_id" đã được ánh xạ từ columns["Mã phiếu"]',
    ]);
    expect(problemsOf({ columns: { Kênh: "channel", kenh: "fault" } })).toEqual([
      expect.stringMatching(/^columns\.kenh: trùng với columns\["Kênh"\]/),
    ]);
  });

  it("checkMapping against the spec the ingest chose: that kind's columns, and the mapping's kind must match it", () => {
    const mapping = { kind: "tickets" as const, columns: { Tỉnh: "province" } };
    expect(checkMapping(mapping, customerSpec)).toEqual([
      'kind: tệp ánh xạ dành cho "tickets", không dùng được cho tệp customers',
    ]);
    expect(checkMapping(mapping, ticketSpec)).toEqual([
      expect.stringMatching(/^columns\["Tỉnh"\]: "province" không phải cột chuẩn của tickets/),
    ]);
  });
});

describe("missingHeaders", () => {
  const mapping = {
    path: "data/mappings/x.json",
    columns: { "Ticket ID": "ticket_id", "First Response Time": "received_at", "Khả năng giới thiệu (0-10)": "nps" },
  };

  it("names each mapped header the file does not have, with the file's headers", () => {
    const problems = missingHeaders(mapping, ["ticket id", "Khả năng giới thiệu (0-10)", "Ticket Channel"]);
    expect(problems).toEqual([
      'columns["First Response Time"]: tệp không có cột "First Response Time" (tệp ánh xạ data/mappings/x.json). Tiêu đề trong tệp: "ticket id", "Khả năng giới thiệu (0-10)", "Ticket Channel"',
    ]);
  });

  it("matches headers as the ingest does: case, tone marks, punctuation and a parenthesis aside", () => {
    expect(missingHeaders(mapping, ["TICKET-ID", "first response time", "Kha nang gioi thieu (0 - 10)"])).toEqual([]);
    expect(missingHeaders({ columns: { "Ngày tiếp nhận": "received_at" } }, ["Ngay tiep nhan (dd/mm/yyyy)"])).toEqual(
      [],
    );
    expect(missingHeaders({}, ["a"])).toEqual([]);
  });
});

describe("a mapping applied to a file that lacks one of its headers", () => {
  it("fails with that key named and changes nothing", async () => {
    const { ingestFile } = await import("../../loaders/ingest/ingestFile.ts");
    const { memoryWarehouse, scratchDir, csv } = await import("../helpers.ts");
    const scratch = scratchDir();
    const w = await memoryWarehouse();
    const file = scratch.file(
      "export.csv",
      csv([
        ["Số phiếu", "Ngày tạo"],
        ["A1", "01/10/2026"],
      ]),
    );
    const mapping = {
      path: "m.json",
      kind: "tickets" as const,
      columns: { "Số phiếu": "ticket_id", "Ngày tạo": "received_at", "Kênh liên hệ": "channel" },
    };
    await expect(ingestFile(w, file, { mapping })).rejects.toThrow(/Kênh liên hệ/);
    expect(await w.one("SELECT count(*) AS n FROM tickets")).toEqual({ n: 0 });
    w.close();
    scratch.remove();
  });
});
