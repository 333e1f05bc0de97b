import type { ExportSpec } from "./fields.ts";

/** The optional B2B customer list, for survey response rates and per-customer views. */
export const customerSpec: ExportSpec = {
  kind: "customers",
  key: "customer_id",
  requiredColumns: ["customer_id"],
  fields: [
    {
      name: "customer_id",
      type: "text",
      required: true,
      aliases: ["mã kh", "mã khách hàng", "customer id", "customer code"],
    },
    {
      name: "customer_name",
      type: "text",
      aliases: ["tên kh", "tên khách hàng", "tên công ty", "customer name", "customer"],
    },
    {
      name: "customer_segment",
      type: "text",
      aliases: ["nhóm kh", "nhóm khách hàng", "phân khúc", "customer segment", "segment"],
    },
    { name: "region", type: "text", aliases: ["khu vực", "vùng", "miền", "region"] },
    { name: "province", type: "text", aliases: ["tỉnh thành", "tỉnh/thành phố", "tỉnh", "province", "city"] },
    { name: "product_line", type: "text", aliases: ["dòng sản phẩm", "nhóm sản phẩm chính", "product line"] },
  ],
  order: [],
};
