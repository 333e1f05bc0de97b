import { foldKey } from "../text/foldKey.ts";

/**
 * Built-in vocabularies: the canonical values of each coded ticket field and the
 * free spellings seen in exports that mean them. Keys are folded with `foldKey`, so
 * "Bảo hành", "BAO HANH" and "bao-hanh" are one entry. A mapping file adds to these.
 */
export type Vocabulary = Record<string, readonly string[]>;

export const channel: Vocabulary = {
  hotline: [
    "hotline",
    "hot line",
    "tong dai",
    "dien thoai",
    "goi dien",
    "call",
    "phone",
    "telephone",
    "tel",
    "1900",
    "cskh",
  ],
  email: ["email", "e mail", "mail", "thu dien tu"],
  web: ["web", "website", "trang web", "web form", "form", "online", "chat", "live chat", "cong thong tin"],
  social: [
    "mang xa hoi",
    "social",
    "social media",
    "zalo",
    "zalo oa",
    "facebook",
    "fb",
    "messenger",
    "fanpage",
    "tiktok",
    "instagram",
    "youtube",
  ],
  marketplace: [
    "san tmdt",
    "san thuong mai dien tu",
    "thuong mai dien tu",
    "tmdt",
    "marketplace",
    "e commerce",
    "ecommerce",
    "shopee",
    "lazada",
    "tiki",
    "tiktok shop",
    "sendo",
  ],
  sales: ["nhan vien kinh doanh", "nvkd", "kinh doanh", "sales", "sale", "ban hang", "dai ly"],
  technician: ["ky thuat vien", "ktv", "technician", "ky thuat"],
  walk_in: [
    "truc tiep",
    "tai quay",
    "den trung tam",
    "khach mang den",
    "mang den",
    "walk in",
    "walkin",
    "quay tiep nhan",
  ],
  other: ["khac", "other", "thu ky", "secretary", "unknown"],
};

export const requestType: Vocabulary = {
  complaint: ["khieu nai", "phan nan", "complaint", "khieu nai chat luong", "khieu nai dich vu"],
  new_contract: [
    "hop dong moi",
    "ky hop dong",
    "ky moi hop dong",
    "xem xet hop dong",
    "new contract",
    "contract",
    "bao gia",
  ],
  warranty: ["bao hanh", "warranty", "bh", "sua chua bao hanh", "bao hanh sua chua"],
  repair: ["sua chua", "repair", "sua chua dich vu", "sua chua ngoai bao hanh", "sua", "sua chua co phi"],
  maintenance: ["bao tri", "bao duong", "maintenance", "ve sinh", "bao tri dinh ky"],
  consultation: [
    "tu van",
    "tu van ky thuat",
    "ho tro ky thuat",
    "consultation",
    "technical consultation",
    "hoi dap",
    "huong dan su dung",
  ],
};

export const warrantyStatus: Vocabulary = {
  in_warranty: ["con bao hanh", "trong bao hanh", "con bh", "trong bh", "in warranty", "bao hanh", "con han"],
  out_of_warranty: [
    "het bao hanh",
    "ngoai bao hanh",
    "het bh",
    "ngoai bh",
    "qua han bao hanh",
    "out of warranty",
    "het han",
    "het han bao hanh",
    "het han bh",
    "khong con bao hanh",
    "bao hanh khong con",
    "bao hanh het han",
    "qua han bh",
  ],
  contract: ["hop dong", "theo hop dong", "hop dong bao tri", "hop dong dich vu", "contract", "service contract"],
};

export const serviceLocation: Vocabulary = {
  center: [
    "trung tam",
    "tai trung tam",
    "ttbh",
    "trung tam bao hanh",
    "center",
    "centre",
    "workshop",
    "tai xuong",
    "xuong",
  ],
  onsite: [
    "tai cho",
    "onsite",
    "on site",
    "tai nha",
    "tai nha khach hang",
    "tai khach hang",
    "tai van phong khach hang",
    "hien truong",
    "tai dia diem khach hang",
  ],
};

export const outcome: Vocabulary = {
  fixed: [
    "da sua",
    "sua xong",
    "da sua xong",
    "hoan thanh",
    "fixed",
    "resolved",
    "repaired",
    "done",
    "dat",
    "thanh cong",
  ],
  replaced: ["thay moi", "doi moi", "doi may", "thay may", "replaced", "replacement", "thay the"],
  not_fixed: ["khong sua duoc", "khong khac phuc duoc", "not fixed", "unrepairable", "that bai", "khong dat"],
  no_fault_found: ["khong loi", "khong phat hien loi", "may binh thuong", "no fault found", "nff"],
  cancelled: ["huy", "da huy", "khach huy", "cancelled", "canceled", "tu choi"],
};

/** Every coded field's vocabulary, by canonical column name. */
export const vocabularies = {
  channel,
  request_type: requestType,
  warranty_status: warrantyStatus,
  service_location: serviceLocation,
  outcome,
} as const;

export type CodedField = keyof typeof vocabularies;

/**
 * One lookup from folded spelling to canonical value, built-in spellings first and
 * the mapping file's on top (a mapping file may redefine a built-in spelling).
 * Canonical values themselves always map to themselves.
 */
export function lookupTable(vocabulary: Vocabulary, extra: Record<string, string> = {}): Map<string, string> {
  const table = new Map<string, string>();
  for (const [canonical, spellings] of Object.entries(vocabulary)) {
    table.set(foldKey(canonical), canonical);
    for (const spelling of spellings) table.set(foldKey(spelling), canonical);
  }
  for (const [spelling, canonical] of Object.entries(extra)) table.set(foldKey(spelling), canonical);
  return table;
}
