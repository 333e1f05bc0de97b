import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const sessionCookie = "haumai_session";

interface Session {
  user: string;
  expiresAt: number;
}

/**
 * Logged-in browsers, in memory: a restart logs everyone out, which is acceptable for an office
 * dashboard and means no session secret lies on disk.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(readonly lifetimeMs = 12 * 3600_000) {}

  create(user: string): string {
    this.prune();
    const token = randomBytes(32).toString("base64url");
    this.sessions.set(token, { user, expiresAt: Date.now() + this.lifetimeMs });
    return token;
  }

  /** The user of the request's session cookie, if it is valid and not expired. */
  userOf(request: IncomingMessage): string | undefined {
    const token = readCookie(request, sessionCookie);
    if (!token) return undefined;
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return session.user;
  }

  end(request: IncomingMessage): void {
    const token = readCookie(request, sessionCookie);
    if (token) this.sessions.delete(token);
  }

  private prune(): void {
    const now = Date.now();
    for (const [token, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(token);
  }

  cookie(token: string): string {
    // Strict: the cookie never rides on a request started by another site (no CSRF on logout, no framing tricks).
    return `${sessionCookie}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(this.lifetimeMs / 1000)}`;
  }

  static clearCookie(): string {
    return `${sessionCookie}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }
}

export function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
