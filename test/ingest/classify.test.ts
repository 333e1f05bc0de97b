import { describe, expect, it } from "vitest";
import { classify } from "../../loaders/ingest/classify.ts";
import { lookupTable, vocabularies } from "../../loaders/ingest/vocabulary.ts";

const code = (field: keyof typeof vocabularies, text: string) => classify(text, lookupTable(vocabularies[field])).code;

describe("coded values as real centres type them", () => {
  it.each([
    ["service_location", "Tại chỗ khách hàng", "onsite"],
    ["service_location", "TTBH Hà Nội", "center"],
    ["service_location", "Bảo hành tại nhà", "onsite"],
    ["request_type", "Bảo hành tại nhà", "warranty"],
    ["request_type", "Khiếu nại về thái độ nhân viên", "complaint"],
    ["request_type", "Khiếu nại sửa chữa", "complaint"],
    ["outcome", "Đổi máy mới 1-1", "replaced"],
    ["outcome", "Khách hủy yêu cầu", "cancelled"],
    ["outcome", "KHÔNG ĐẠT", "not_fixed"],
    ["channel", "Zalo OA công ty", "social"],
    ["channel", "Shopee Mall", "marketplace"],
  ] as const)("%s: %s → %s", (field, text, expected) => {
    expect(code(field, text)).toBe(expected);
  });

  it("a value no list knows is unknown, a negated phrase is not taken", () => {
    expect(classify("Lắp đặt", lookupTable(vocabularies.request_type))).toEqual({
      code: null,
      reason: "unknown_value",
    });
    expect(classify("Chưa hoàn thành", lookupTable(vocabularies.outcome))).toEqual({
      code: null,
      reason: "negated_value",
    });
  });

  it("a whole-word match only: 'bh' inside another word is not warranty", () => {
    expect(code("request_type", "Bhxh")).toBeNull();
  });

  it("a mapping's spelling wins over the built-in one", () => {
    expect(classify("Lắp đặt", lookupTable(vocabularies.request_type, { "lắp đặt": "maintenance" }))).toEqual({
      code: "maintenance",
      how: "exact",
    });
  });
});

describe("negations and codes that must not mislead", () => {
  it.each([
    ["warranty_status", "Hết hạn bảo hành", "out_of_warranty"],
    ["warranty_status", "Hết hạn BH", "out_of_warranty"],
    ["warranty_status", "Không còn bảo hành", "out_of_warranty"],
    ["warranty_status", "Bảo hành không còn", "out_of_warranty"],
    ["service_location", "Tại nhà (không đến trung tâm)", "onsite"],
    ["request_type", "Không phải khiếu nại - chỉ hỏi bảo hành", "warranty"],
  ] as const)("%s: %s → %s", (field, text, expected) => {
    expect(code(field, text)).toBe(expected);
  });

  it("a numeric code from a mapping is the whole cell only", () => {
    const table = lookupTable(vocabularies.request_type, { "1": "warranty" });
    expect(classify("1", table)).toEqual({ code: "warranty", how: "exact" });
    expect(classify("Đổi máy mới 1-1", table)).toEqual({ code: null, reason: "unknown_value" });
  });
});
