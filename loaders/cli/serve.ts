import { parse, UsageError, dbOption } from "./args.ts";
import { resolveDbPath } from "../warehouse/database.ts";
import { defaultConfigPath, envUser, minPasswordLength, setPassword } from "../serve/accounts.ts";
import { readPassword } from "../serve/readPassword.ts";
import { ServeStartError, startServe } from "../serve/startServe.ts";

export const serveHelp = `haumai serve [tùy chọn]

Phục vụ dashboard cho các máy trong mạng nội bộ. Máy khác cần đăng nhập; mở ngay trên máy chủ
(127.0.0.1) thì không. Theo dõi hộp thư: tệp xuất mới chép vào được nạp khi đã chép xong, rồi dựng lại
trang; trang cũ vẫn được phục vụ đến khi trang mới xong. Dừng: Ctrl+C.

  --port SỐ            cổng (mặc định 8080)
  --host ĐỊA_CHỈ       địa chỉ lắng nghe (mặc định 0.0.0.0: mọi máy trong mạng; 127.0.0.1: chỉ máy này)
  --db PATH            cơ sở dữ liệu (mặc định data/haumai.duckdb, hoặc biến HAUMAI_DB)
  --inbox THƯ_MỤC      hộp thư theo dõi (mặc định data/inbox)
  --config TỆP         tài khoản đăng nhập (mặc định ${defaultConfigPath}; chỉ lưu bản băm mật khẩu)
  --logs THƯ_MỤC       nhật ký: access.log (mỗi yêu cầu một dòng), serve.log (nạp, dựng trang) (mặc định logs)
  --sites THƯ_MỤC      nơi lưu các bản dựng trang (mặc định data/serve-sites)

Đặt mật khẩu (hỏi mật khẩu, không hiện khi gõ; hoặc đọc một dòng từ đầu vào chuẩn):
  --set-password       đặt / đổi mật khẩu rồi thoát
  --user TÊN           tài khoản cần đặt (mặc định ${envUser})

Biến môi trường HAUMAI_SERVE_PASSWORD: mật khẩu của tài khoản ${envUser}, không ghi ra tệp.
`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...dbOption,
    port: { type: "string" },
    host: { type: "string" },
    inbox: { type: "string" },
    config: { type: "string" },
    logs: { type: "string" },
    sites: { type: "string" },
    "set-password": { type: "boolean" },
    user: { type: "string" },
  });
  if (values.help) {
    process.stdout.write(serveHelp);
    return 0;
  }
  if (positionals.length) throw new UsageError(`không nhận đối số ${positionals.join(" ")}`);
  const configPath = values.config ?? defaultConfigPath;

  if (values["set-password"]) {
    const password = await readPassword(
      `Mật khẩu mới cho ${values.user ?? envUser} (ít nhất ${minPasswordLength} ký tự): `,
    );
    const user = await setPassword(configPath, values.user ?? envUser, password);
    process.stdout.write(
      `✔ Đã lưu mật khẩu của "${user}" vào ${configPath} (chỉ lưu bản băm). Máy chủ đang chạy dùng ngay, không cần khởi động lại.\n`,
    );
    return 0;
  }
  if (values.user) throw new UsageError("--user chỉ dùng với --set-password");

  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port phải là số 0–65535, không phải "${values.port}"`);
  let handle;
  try {
    handle = await startServe({
      port,
      host: values.host ?? "0.0.0.0",
      dbPath: resolveDbPath(values.db),
      inboxDir: values.inbox ?? "data/inbox",
      configPath,
      logDir: values.logs ?? "logs",
      sitesDir: values.sites ?? "data/serve-sites",
      envPassword: process.env.HAUMAI_SERVE_PASSWORD || undefined,
      print: true,
    });
  } catch (error) {
    if (error instanceof ServeStartError) {
      process.stderr.write(`✘ ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write("Nhấn Ctrl+C để dừng.\n");
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl+C: the person wants out now.
        process.stderr.write("Dừng ngay.\n");
        process.exit(130);
      }
      stopping = true;
      process.stdout.write(`\nĐang dừng (${signal}): đóng máy chủ, dừng dựng trang, đóng cơ sở dữ liệu…\n`);
      handle.close().finally(() => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
