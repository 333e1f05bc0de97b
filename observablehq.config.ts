// Observable Framework configuration: the Haumai dashboard, in Vietnamese.
export default {
  title: "Haumai — Hậu mãi",
  root: "src",
  lang: "vi",
  // The default stylesheet pulls web fonts from a CDN; the build must pass offline.
  globalStylesheets: [],
  pages: [{ name: "Kho dữ liệu", path: "/" }],
  footer: "Haumai — phân tích dịch vụ hậu mãi.",
  search: false,
};
