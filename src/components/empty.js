import {html} from "htl";

/**
 * What to do when the warehouse has no data for a page yet: load the exports (or try the
 * demo), then rebuild the site. `what` names the missing data ("phiếu dịch vụ", "phiếu khảo sát").
 */
export function loadDataNotice(what = "phiếu dịch vụ", {file = "tệp xuất"} = {}) {
  return html`<div class="warning no-data-notice" label="Chưa có dữ liệu">
    <p>
      Kho dữ liệu chưa có ${what}. Nạp ${file} (đặt vào <code>data/inbox</code>) rồi dựng lại trang:<br />
      <code>npx haumai ingest data/inbox</code><br /><code>npm run build</code>
    </p>
    <p>Muốn xem thử với dữ liệu mẫu: <code>npx haumai demo</code>, rồi <code>npm run build</code>.</p>
  </div>`;
}

/** A chart's place when it has nothing to draw: the same size, saying why. */
export function noData(text, {width, height = 200} = {}) {
  return html`<figure
    class="no-data"
    style=${{width: width == null ? null : `${width}px`, maxWidth: "100%", minHeight: `${height}px`}}
  >
    ${text}
  </figure>`;
}
