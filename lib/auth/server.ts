import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/lib/db/client";
import { authSecret, env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/front-door";
import type { ThrottleRules } from "./login-throttle";

export function baseUrl(): string {
  return env().PUBLIC_BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

export function loginThrottleRules(): ThrottleRules {
  const e = env();
  return {
    address: { max: e.LOGIN_RATE_LIMIT_MAX, windowS: e.LOGIN_RATE_LIMIT_WINDOW_S },
    account: { max: e.LOGIN_ACCOUNT_RATE_LIMIT_MAX, windowS: e.LOGIN_ACCOUNT_RATE_LIMIT_WINDOW_S },
  };
}

function createAuth() {
  const base = baseUrl();
  const port = new URL(base).port;
  return betterAuth({
    appName: "Switchboard",
    baseURL: base,
    secret: authSecret(),
    database: prismaAdapter(getDb(), { provider: "postgresql" }),
    // Accounts are made by an admin, never by sign-up from the login page.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 8 },
    user: {
      additionalFields: { role: { type: "string", required: false, defaultValue: "staff", input: false } },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    // A general ceiling; failed sign-ins have budgets of their own (sign-in-guard.ts).
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "rateLimit",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": false },
    },
    // The same app reached as localhost or 127.0.0.1 on its own port is the same origin.
    trustedOrigins: [base, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
    advanced: {
      // the address the front door resolved (lib/http/front-door.ts), never the client's X-Forwarded-For
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: base.startsWith("https://"),
      cookiePrefix: "switchboard",
      database: { generateId: () => crypto.randomUUID() },
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const g = globalThis as unknown as { __switchboardAuth?: Auth };

export function auth(): Auth {
  g.__switchboardAuth ??= createAuth();
  return g.__switchboardAuth;
}
