/** The demo company: a Vietnamese office-equipment distributor with a warranty centre. */
export const categories = [
  {
    name: "Máy in",
    prefix: "HP-LJ",
    models: ["HP-LJ M211", "HP-LJ M236", "HP-LJ M428", "Canon LBP-2900", "Brother HL-L2321"],
    weight: 30,
  },
  {
    name: "Máy photocopy",
    prefix: "RC",
    models: ["Ricoh MP 2014", "Toshiba e-STUDIO 2523", "Canon IR 2006N"],
    weight: 14,
  },
  { name: "Máy chiếu", prefix: "EP", models: ["Epson EB-X06", "Epson EB-E01", "ViewSonic PA503S"], weight: 10 },
  {
    name: "Máy tính xách tay",
    prefix: "NB",
    models: ["Dell Vostro 3520", "Lenovo ThinkPad E14", "HP ProBook 450"],
    weight: 18,
  },
  {
    name: "Máy tính để bàn",
    prefix: "PC",
    models: ["Dell OptiPlex 3000", "HP ProDesk 400", "Lenovo ThinkCentre M70"],
    weight: 12,
  },
  { name: "Màn hình", prefix: "LCD", models: ["Dell P2422H", "LG 24MP400", "Samsung S24R350"], weight: 8 },
  { name: "Bộ lưu điện UPS", prefix: "UPS", models: ["Santak C1K", "APC BX1100", "Santak Blazer 2000"], weight: 8 },
] as const;

export const segments = [
  ["Doanh nghiệp lớn", 2],
  ["Doanh nghiệp vừa và nhỏ", 5],
  ["Cơ quan nhà nước", 2],
  ["Đại lý", 1],
] as const;

export const regions = [
  ["Miền Bắc", 4],
  ["Miền Trung", 2],
  ["Miền Nam", 4],
] as const;

const companyWords = [
  "An Phát",
  "Bình Minh",
  "Hưng Thịnh",
  "Đông Á",
  "Sao Việt",
  "Thành Công",
  "Phú Gia",
  "Minh Long",
  "Tân Tiến",
  "Hòa Bình",
  "Nam Việt",
  "Đại Dương",
  "Thiên Long",
  "Hoàng Gia",
  "Trường Sơn",
  "Việt Nhật",
  "Ánh Dương",
  "Kim Ngân",
  "Phương Đông",
  "Đức Anh",
];
const companyKinds = [
  "Công ty TNHH",
  "Công ty Cổ phần",
  "Công ty TNHH MTV",
  "Ngân hàng",
  "Trường THPT",
  "Bệnh viện",
  "Sở",
];
const companyTrades = [
  "Thương mại",
  "Xây dựng",
  "Logistics",
  "Dược phẩm",
  "Giáo dục",
  "Công nghệ",
  "Thực phẩm",
  "Du lịch",
  "Bất động sản",
  "Điện tử",
];

export function companyName(i: number): string {
  const kind = companyKinds[i % companyKinds.length];
  const trade = companyTrades[(i * 7) % companyTrades.length];
  const word = companyWords[(i * 13) % companyWords.length];
  return kind.startsWith("Công ty") ? `${kind} ${trade} ${word}` : `${kind} ${word} ${i}`;
}

/** Technicians and how fast and how thoroughly each works (1 = the centre's median). */
export const technicians = [
  { name: "Nguyễn Văn Hùng", speed: 0.8, repeat: 0.04 },
  { name: "Trần Minh Đức", speed: 0.9, repeat: 0.05 },
  { name: "Lê Hoàng Nam", speed: 1.0, repeat: 0.06 },
  { name: "Phạm Quốc Bảo", speed: 1.0, repeat: 0.05 },
  { name: "Hoàng Thị Lan", speed: 0.85, repeat: 0.03 },
  { name: "Vũ Đình Khoa", speed: 1.3, repeat: 0.09 },
  { name: "Đặng Văn Tú", speed: 1.1, repeat: 0.07 },
  { name: "Bùi Thanh Sơn", speed: 1.5, repeat: 0.12 },
  { name: "Đỗ Mạnh Cường", speed: 0.95, repeat: 0.05 },
  { name: "Ngô Thị Hạnh", speed: 1.2, repeat: 0.06 },
] as const;

export const faults = [
  "Kẹt giấy",
  "Không lên nguồn",
  "Lỗi bo mạch chủ",
  "Mờ bản in",
  "Hỏng ổ cứng",
  "Màn hình sọc",
  "Lỗi bàn phím",
  "Quạt kêu to",
  "Lỗi phần mềm",
  "Hỏng pin",
  "Không nhận mạng",
  "Hỏng bóng đèn",
  "Lỗi cảm biến",
  "Trống mực hỏng",
];

export const goodComments = [
  "Kỹ thuật viên nhiệt tình, sửa nhanh",
  "Dịch vụ tốt, sẽ tiếp tục hợp tác",
  "Hài lòng với thời gian xử lý",
  "Nhân viên hướng dẫn tận tình",
  "Bảo hành nhanh gọn",
];
export const badComments = [
  "Thời gian chờ sửa quá lâu",
  "Máy hỏng lại sau vài tuần",
  "Khó liên hệ tổng đài",
  "Phải gọi nhiều lần mới có người đến",
  "Chi phí sửa chữa cao",
  "Không được báo tiến độ sửa chữa",
];

/** Tết holidays of the years the demo covers (official days off, the centre closes). */
export const tetClosures = [
  ["2025-01-25", "2025-02-02"],
  ["2026-02-14", "2026-02-22"],
] as const;
