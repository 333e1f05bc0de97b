/** The few pages the server writes itself (login, waiting for the first build), in Vietnamese. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const style = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1b1e23;margin:0}
main{max-width:22rem;margin:12vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 .3rem}p{color:#555;font-size:.95rem}label{display:block;margin:1rem 0 .3rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #bbb;border-radius:4px}
button{margin-top:1.4rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:4px;background:#1f5fa8;color:#fff;cursor:pointer}
.error{color:#b00020;font-weight:600}`;

function page(title: string, body: string, head = ""): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} — Haumai</title><link rel="icon" href="data:,">${head}<style>${style}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(options: { next: string; error?: string; user?: string }): string {
  return page(
    "Đăng nhập",
    `<h1>Haumai — Hậu mãi</h1><p>Trang có tên kỹ thuật viên và mã khách hàng: đăng nhập để xem.</p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ""}
<form method="post" action="/dang-nhap">
<input type="hidden" name="next" value="${escapeHtml(options.next)}">
<label for="user">Tên người dùng</label><input id="user" name="user" autocomplete="username" required value="${escapeHtml(options.user ?? "")}" autofocus>
<label for="password">Mật khẩu</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Đăng nhập</button></form>`,
  );
}

export function lockedPage(minutes: number): string {
  return page(
    "Tạm khóa",
    `<h1>Tạm khóa đăng nhập</h1><p class="error">Sai mật khẩu quá nhiều lần từ máy này. Thử lại sau ${minutes} phút.</p>`,
  );
}

export function buildingPage(failed: boolean): string {
  return page(
    "Đang dựng trang",
    failed
      ? `<h1>Chưa có trang để xem</h1><p class="error">Dựng trang bị lỗi. Người quản trị xem nhật ký logs/serve.log trên máy chủ.</p>`
      : `<h1>Đang dựng trang…</h1><p>Haumai đang dựng dashboard từ dữ liệu (khoảng nửa phút). Trang tự tải lại.</p>`,
    failed ? "" : '<meta http-equiv="refresh" content="10">',
  );
}

/** A small "logged in as … / Đăng xuất" box added to dashboard pages for remote users; hidden when printing. */
export function logoutBar(user: string): string {
  return `<form method="post" action="/dang-xuat" class="haumai-logout" style="position:fixed;top:.4rem;right:.6rem;z-index:1000;font:13px system-ui,sans-serif;background:#fffe;padding:.2rem .5rem;border:1px solid #ccc;border-radius:4px">
${escapeHtml(user)} · <button type="submit" style="font:inherit;border:0;background:none;color:#1f5fa8;cursor:pointer;padding:0">Đăng xuất</button></form>
<style>@media print{.haumai-logout{display:none!important}}</style>`;
}

export function injectBeforeBodyEnd(html: string, fragment: string): string {
  const index = html.lastIndexOf("</body>");
  return index < 0 ? html + fragment : html.slice(0, index) + fragment + html.slice(index);
}
