import { expect, test } from "@playwright/test";
import { login, loginAs, navLabels, USERS } from "./support";

const EXPECTED_NAV = {
  staff: ["Softphone"],
  ops: ["Softphone", "Unidentified", "Merge review"],
  manager: ["Softphone", "Unidentified", "Merge review", "People", "Analytics"],
  admin: ["Softphone", "Unidentified", "Merge review", "People", "Analytics", "Users", "Vendor syncs", "Staff accounts"],
} as const;

for (const role of Object.keys(EXPECTED_NAV) as (keyof typeof EXPECTED_NAV)[]) {
  test(`${role} signs in and sees the ${role} navigation`, async ({ page }) => {
    await loginAs(page, role);
    await expect(page).toHaveURL(/\/softphone$/);
    expect(await navLabels(page)).toEqual(EXPECTED_NAV[role]);
    await expect(page.getByTestId("role")).toHaveText(role);
    await page.screenshot({ path: `test-results/screens/nav-${role}.png`, fullPage: true });
  });
}

test("a wrong password gets a clear error and no session", async ({ page }) => {
  await login(page, USERS.staff, "not-the-password");
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login$/);
  await page.screenshot({ path: "test-results/screens/login-error.png" });
  await page.goto("/softphone");
  await expect(page).toHaveURL(/\/login$/);
});

test("a staff user is refused ops pages and ops APIs", async ({ page }) => {
  await loginAs(page, "staff");
  const res = await page.goto("/unidentified");
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/forbidden.png" });
  const api = await page.request.get("/api/unidentified");
  expect(api.status()).toBe(403);
  const admin = await page.request.get("/api/admin/users");
  expect(admin.status()).toBe(403);
});

test("an ops user opens the Unidentified queue; its API answers", async ({ page }) => {
  await loginAs(page, "ops");
  await page.getByRole("link", { name: "Unidentified" }).click();
  await expect(page.getByRole("heading", { name: "Unidentified contacts" })).toBeVisible();
  const api = await page.request.get("/api/unidentified");
  expect(api.status()).toBe(200);
  expect(await api.json()).toHaveProperty("contacts");
});

test("a manager sees people from the demo data", async ({ page }) => {
  await loginAs(page, "manager");
  await page.getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/people.png", fullPage: true });
});

test("logout ends the session", async ({ page }) => {
  await loginAs(page, "manager");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/people");
  await expect(page).toHaveURL(/\/login$/);
  const api = await page.request.get("/api/unidentified");
  expect(api.status()).toBe(401);
});

test("a cross-site POST with a valid session is refused", async ({ page }) => {
  await loginAs(page, "admin");
  const res = await page.request.post("/api/admin/users", {
    headers: { origin: "https://evil.example" },
    data: { name: "X", email: "x@example.com", password: "password123", role: "admin" },
  });
  expect(res.status()).toBe(403);
});

test("an admin adds a user who can then sign in", async ({ page, browser }) => {
  await loginAs(page, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  const email = `new-${Date.now()}@switchboard.test`;
  await page.getByPlaceholder("Name").fill("New Person");
  await page.getByPlaceholder("Email").fill(email);
  await page.getByPlaceholder("Password (8+)").fill("a-good-password");
  await page.locator("form select[name=role]").selectOption("ops");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/users.png", fullPage: true });
  const other = await browser.newPage();
  await login(other, email, "a-good-password");
  await expect(other.getByTestId("role")).toHaveText("ops");
  await other.close();
});
