import { expect, test, type APIRequestContext } from "@playwright/test";
import { signShopify } from "@/lib/vendors/shopify/verify";
import { BASE_URL, E2E_SHOPIFY_SECRET, loginAs } from "./support";

/** Identity over HTTP: a source webhook in, the worker resolves it, ops explain and un-merge. */

let delivery = 0;
async function shopifyOrder(request: APIRequestContext, id: number, customer: { first_name: string; last_name: string; email: string; phone: string }, secret = E2E_SHOPIFY_SECRET) {
  const body = JSON.stringify({ id, admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${id}`, updated_at: "2026-11-20T10:00:00+11:00", customer: { id: 70_000 + id, ...customer } });
  return request.post("/api/webhooks/shopify/orders", {
    headers: { "content-type": "application/json", "x-shopify-hmac-sha256": signShopify(secret, body), "x-shopify-webhook-id": `e2e-identity-${Date.now()}-${++delivery}`, "x-shopify-topic": "orders/create" },
    data: body,
  });
}

const HARRIET = { first_name: "Harriet", last_name: "Quill", email: "harriet.quill@example.net", phone: "0412 765 401" };
const ref = (id: number) => ({ source: "order", externalId: String(id) });
/** A same-origin POST, as the app's own pages send (state-changing API calls check Origin). */
const post = (api: APIRequestContext, url: string, data: unknown) => api.post(url, { data, headers: { origin: BASE_URL } });

test("a webhook's orders become one person; ops explain the match and un-merge it", async ({ page, request }) => {
  // a bad signature is refused and stores nothing
  expect((await shopifyOrder(request, 910_003, HARRIET, "not-the-secret")).status()).toBe(401);
  expect((await shopifyOrder(request, 910_001, HARRIET)).status()).toBe(200);
  expect((await shopifyOrder(request, 910_002, { ...HARRIET, first_name: "harriet", phone: "+61 412 765 401" })).status()).toBe(200);

  // explaining is for ops: nobody signed in is refused
  expect((await post(request, "/api/identity/explain", { a: ref(910_001), b: ref(910_002) })).status()).toBe(401);
  await loginAs(page, "ops");
  const api = page.request;

  // the worker stores and resolves both orders: one person
  type Pair = { a: { id: string; personId: string | null }; b: { id: string; personId: string | null }; explanation: { wouldMerge: boolean; fields: { field: string; level: string }[] } };
  let pair: Pair | null = null;
  await expect(async () => {
    const res = await post(api, "/api/identity/explain", { a: ref(910_001), b: ref(910_002) });
    expect(res.status()).toBe(200);
    pair = (await res.json()) as Pair;
    expect(pair.a.personId).not.toBeNull();
    expect(pair.b.personId).toBe(pair.a.personId);
  }).toPass({ timeout: 20_000 });
  const { a, b, explanation } = pair!;
  expect(explanation.wouldMerge).toBe(true);
  expect(Object.fromEntries(explanation.fields.map((f) => [f.field, f.level]))).toEqual({ firstName: "exact", lastName: "exact", email: "agree", phone: "agree" });
  // the refused delivery left no record behind
  expect((await post(api, "/api/identity/explain", { a: ref(910_003), b: ref(910_001) })).status()).toBe(404);

  // ops split the second order off: a new person, and the explanation follows
  const bad = await post(api, `/api/identity/persons/${a.personId}/unmerge`, { recordIds: ["not-a-uuid"] });
  expect(bad.status()).toBe(400);
  const split = await post(api, `/api/identity/persons/${a.personId}/unmerge`, { recordIds: [b.id], reason: "e2e: two Harriets" });
  expect(split.status()).toBe(201);
  const { newPersonId } = (await split.json()) as { newPersonId: string };
  expect(newPersonId).not.toBe(a.personId);
  const after = (await (await post(api, "/api/identity/explain", { a: ref(910_001), b: ref(910_002) })).json()) as Pair;
  expect(after.a.personId).toBe(a.personId);
  expect(after.b.personId).toBe(newPersonId);
  // the same split again: the record is no longer on that person
  expect((await post(api, `/api/identity/persons/${a.personId}/unmerge`, { recordIds: [b.id] })).status()).toBe(409);
});
