import type { ExportSpec, FieldSpec } from "./fields.ts";
import type { SurveyDefinition } from "../survey/definition.ts";

/** Column prefix under which each question's answer travels from export to `survey_answers`. */
export const questionPrefix = "q_";

/** The answer-sheet fields every survey export has, whatever its questions. */
export const surveySheetFields: FieldSpec[] = [
  {
    name: "response_id",
    type: "text",
    aliases: ["mã phiếu khảo sát", "số phiếu khảo sát", "mã phản hồi", "response id", "respondent id"],
  },
  { name: "customer_id", type: "text", aliases: ["mã kh", "mã khách hàng", "customer id", "customer code"] },
  {
    name: "customer_name",
    type: "text",
    aliases: ["tên kh", "tên khách hàng", "tên công ty", "khách hàng", "customer name", "company"],
  },
  {
    name: "respondent",
    type: "text",
    personal: true,
    aliases: ["người trả lời", "người đại diện", "họ tên", "họ và tên", "respondent"],
  },
  {
    name: "customer_segment",
    type: "text",
    aliases: ["nhóm kh", "nhóm khách hàng", "phân khúc", "customer segment", "segment"],
  },
  { name: "region", type: "text", aliases: ["khu vực", "vùng", "miền", "region"] },
  { name: "product_line", type: "text", aliases: ["dòng sản phẩm", "nhóm sản phẩm", "product line"] },
  {
    name: "submitted_at",
    type: "timestamp",
    required: true,
    aliases: ["ngày khảo sát", "ngày trả lời", "thời gian trả lời", "ngày gửi", "submitted at", "date", "timestamp"],
  },
  { name: "wave", type: "wave", aliases: ["đợt khảo sát", "đợt", "kỳ khảo sát", "wave"] },
  {
    name: "overall",
    type: "score",
    min: 1,
    max: 5,
    aliases: ["mức độ hài lòng chung", "hài lòng chung", "mức độ hài lòng tổng thể", "overall", "overall satisfaction"],
  },
  {
    name: "nps",
    type: "score",
    min: 0,
    max: 10,
    aliases: [
      "khả năng giới thiệu (0-10)",
      "khả năng giới thiệu",
      "mức độ sẵn sàng giới thiệu",
      "nps",
      "likelihood to recommend",
    ],
  },
  { name: "comment", type: "text", aliases: ["góp ý", "ý kiến", "ý kiến khác", "nhận xét", "comment", "comments"] },
];

/** A survey export's spec: the fixed sheet fields plus one score field per question of the definition. */
export function surveySpec(definition: SurveyDefinition): ExportSpec {
  const questions: FieldSpec[] = definition.questions.map((q) => ({
    name: questionPrefix + q.id,
    type: "score",
    min: q.scale[0],
    max: q.scale[1],
    aliases: [q.id, q.text, `${q.id} ${q.text}`, ...(q.aliases ?? [])],
  }));
  return {
    kind: "survey",
    key: "response_id",
    // Without a response id, a sheet is what it says: who, when, and every answer.
    deriveKey: [
      "customer_id",
      "customer_name",
      "respondent",
      "submitted_at",
      "overall",
      "nps",
      "comment",
      ...questions.map((q) => q.name),
    ],
    requiredColumns: ["submitted_at"],
    recognisedBy: ["overall", "nps", ...questions.map((q) => q.name)],
    fields: [...surveySheetFields, ...questions],
    order: [],
  };
}
