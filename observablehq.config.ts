// Observable Framework configuration: the Haumai dashboard, in Vietnamese.
import { fileURLToPath } from "node:url";

// Framework's telemetry posts to the internet on every build; the office network is closed.
process.env.OBSERVABLE_TELEMETRY_DISABLE ??= "true";

export default {
  title: "Haumai — Hậu mãi",
  // Reports and tests build from a private copy of src (loaders/site/siteCopy.ts) so that two builds never share
  // a loader cache; the copy sits beside src so the loaders' relative imports still resolve.
  root: process.env.HAUMAI_SITE_ROOT ?? "src",
  // Reports build into their own folder (loaders/report/site.ts), never the dist/ someone may be serving.
  output: process.env.HAUMAI_SITE_OUT ?? "dist",
  lang: "vi",
  // The default stylesheet pulls web fonts from a CDN; the build must pass offline.
  globalStylesheets: [],
  style: "style.css",
  pages: [
    { name: "Báo cáo tổng kết tháng", path: "/bao-cao-thang" },
    { name: "So sánh công bằng", path: "/so-sanh" },
    { name: "Xem xét chính sách năm", path: "/xem-xet-nam" },
    { name: "Khảo sát hài lòng", path: "/khao-sat" },
    { name: "Chỉ số hài lòng", path: "/chi-so-hai-long" },
    { name: "Kênh phản hồi", path: "/kenh-phan-hoi" },
    { name: "Phiếu dịch vụ", path: "/phieu-dich-vu" },
    { name: "Định nghĩa chỉ số", path: "/dinh-nghia" },
    { name: "Kho dữ liệu", path: "/du-lieu" },
  ],
  footer: "Haumai — phân tích dịch vụ hậu mãi.",
  // TypeScript loaders run from bundles made once (bin/loader.js), not through tsx compiling them at every run.
  interpreters: { ".ts": [process.execPath, fileURLToPath(new URL("bin/loader.js", import.meta.url))] },
  search: false,
  // Framework's own strings in Vietnamese: the contents heading here, the pager's labels in style.css.
  toc: { label: "Mục lục" },
  // No favicon request (the site is served as files; a 404 would be a console error).
  // The sidebar toggle's tooltip is Framework's English "Toggle sidebar Alt-B" (set by its client script, which runs
  // before DOMContentLoaded): say it in Vietnamese, keeping the shortcut.
  head:
    '<link rel="icon" href="data:,">' +
    '<script>addEventListener("DOMContentLoaded", () => { for (const e of document.querySelectorAll("#observablehq-sidebar-toggle, label[for=\'observablehq-sidebar-toggle\']")) e.title = e.title.replace(/^Toggle sidebar/, "Ẩn / hiện danh mục trang"); });</script>',
};
