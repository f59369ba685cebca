import { afterEach, describe, expect, it, vi } from "vitest";
import {
  SESSION_ABSOLUTE_LIFETIME_MS as CAP,
  SESSION_INACTIVITY_TIMEOUT_MS as IDLE,
  SESSION_TOUCH_INTERVAL_MS as TOUCH,
  expiredSessionCookie,
  readSessionToken,
  sessionCookie,
  sessionFreshness,
} from "./session.server";

const created = new Date("2026-11-25T08:00:00Z");
const at = (ms: number) => new Date(created.getTime() + ms);

describe("session lifetimes (ADR 0004)", () => {
  it("are 30 minutes of inactivity and 10 hours in all", () => {
    expect(IDLE).toBe(30 * 60_000);
    expect(CAP).toBe(10 * 3_600_000);
  });
});

describe("sessionFreshness", () => {
  it.each([
    ["just created", 0, 0, "valid"],
    ["seen 59 s ago", 0, TOUCH - 1000, "valid"],
    ["seen exactly 1 min ago: slide the window", 0, TOUCH, "touch"],
    ["idle 29 min 59 s", 0, IDLE - 1000, "touch"],
    ["idle exactly 30 min", 0, IDLE, "expired"],
    ["idle 31 min", 0, IDLE + 60_000, "expired"],
    ["active all day, 9 h 59 min old", CAP - 2 * 60_000, CAP - 60_000, "touch"],
    ["active all day, just seen, but exactly 10 h old", CAP - 1000, CAP, "expired"],
    ["seen a second ago but 11 h old", 11 * 3_600_000 - 1000, 11 * 3_600_000, "expired"],
  ])("%s → %s", (_what, lastSeenOffset, nowOffset, expected) => {
    expect(sessionFreshness({ createdAt: created, lastSeenAt: at(lastSeenOffset) }, at(nowOffset))).toBe(expected);
  });
});

describe("session cookie", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("is HttpOnly, SameSite=Lax, Path=/, without Max-Age (forgotten when the browser closes)", () => {
    vi.stubEnv("NODE_ENV", "development");
    expect(sessionCookie("a.b")).toBe("schedario_session=a.b; HttpOnly; SameSite=Lax; Path=/");
  });
  it("is also Secure in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(sessionCookie("a.b")).toBe("schedario_session=a.b; HttpOnly; SameSite=Lax; Path=/; Secure");
    expect(expiredSessionCookie()).toBe("schedario_session=; HttpOnly; SameSite=Lax; Path=/; Secure; Max-Age=0");
  });
});

describe("readSessionToken", () => {
  it.each([
    [null, undefined],
    ["", undefined],
    ["schedario_session=abc.def", "abc.def"],
    ["theme=dark; schedario_session=abc.def; other=1", "abc.def"],
    ["schedario_session=", undefined],
    ["xschedario_session=abc.def", undefined],
    ["schedario_session_old=abc.def", undefined],
  ])("%j → %j", (cookie, expected) => {
    const headers = new Headers(cookie === null ? {} : { Cookie: cookie });
    expect(readSessionToken(new Request("http://localhost/", { headers }))).toBe(expected);
  });
});
