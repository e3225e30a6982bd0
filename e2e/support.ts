import { expect, type Page } from "@playwright/test";

export const PASSWORD = "switchboard-demo";
export const USERS = {
  staff: "staff@switchboard.test",
  ops: "ops@switchboard.test",
  manager: "manager@switchboard.test",
  admin: "admin@switchboard.test",
} as const;

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function loginAs(page: Page, role: keyof typeof USERS) {
  await login(page, USERS[role]);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

export function navLabels(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();
}

/** The e2e server's Twilio auth token (playwright.config.ts passes it to the app). */
export const E2E_TWILIO_TOKEN = "e2e-twilio-auth-token-0000000000";
/** The e2e server's Shopify webhook secret (playwright.config.ts passes it to the app). */
export const E2E_SHOPIFY_SECRET = "e2e-shopify-webhook-secret";

/** Where the e2e app runs (playwright.config.ts starts it on E2E_PORT). */
export const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

/** The dev secret scripts/lib/simulators.ts gives the Front simulator and the app when FRONT_APP_SECRET is unset (e2e). */
export const E2E_FRONT_SECRET = "front-simulator-app-secret";
