/**
 * Read a password: typed twice without echo on a terminal, or the first line of standard input when
 * piped (`echo "…" | npx haumai serve --set-password`), so it can be scripted without a command-line
 * argument that would land in the shell history.
 */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let input = "";
    for await (const chunk of process.stdin) input += chunk.toString();
    return input.split(/\r?\n/)[0];
  }
  const first = await readHidden(prompt);
  const second = await readHidden("Nhập lại mật khẩu: ");
  if (first !== second) throw new Error("Hai lần nhập không giống nhau, mật khẩu chưa được đổi.");
  return first;
}

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    let value = "";
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") {
          done();
          resolve(value);
          return;
        }
        if (char === "\u0003") {
          done();
          reject(new Error("Đã hủy."));
          return;
        }
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    const done = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
    };
    stdin.on("data", onData);
  });
}
