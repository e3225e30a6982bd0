// Front application webhook bodies in Front's shape (modelled on a captured inbound_received).
import { signedFrontRequest } from "@/lib/vendors/front/simulator";
import type { VerifyContext, WebhookRequest } from "./types";

export const FRONT_SECRET = "front-app-secret";
export const frontNow = new Date("2026-03-01T10:00:00Z");
export const frontCtx: VerifyContext = { secret: FRONT_SECRET, now: frontNow };

const teammate = { _links: { self: "https://acme.api.frontapp.com/teammates/tea_a0ljo" }, id: "tea_a0ljo", email: "brandon@acme.example", username: "brandon", first_name: "Brandon", last_name: "Lee", is_admin: false, is_available: true, is_blocked: false, type: "user", custom_fields: {} };

export function message(overrides: Record<string, unknown> = {}) {
  return {
    _links: { self: "https://acme.api.frontapp.com/messages/msg_1sagx9sk" },
    id: "msg_1sagx9sk",
    type: "email",
    is_inbound: true,
    created_at: 1772359170.93,
    blurb: "Hi, I placed an order last week. When will it be delivered?",
    body: "Hi,<br /><br />I placed an order last week. When will it be delivered?",
    text: "Hi,\n\nI placed an order last week. When will it be delivered?",
    error_type: null,
    version: null,
    subject: "Package update?",
    draft_mode: null,
    metadata: {},
    author: null,
    recipients: [
      { _links: { related: { contact: "https://acme.api.frontapp.com/contacts/crd_3h53wd0" } }, name: "Sabrina Calhoun", handle: "Sabrina@Customer.example", role: "from" },
      { _links: { related: { contact: null } }, name: null, handle: "support@acme.example", role: "to" },
    ],
    attachments: [],
    signature: null,
    is_draft: false,
    ...overrides,
  };
}

export function event(type: string, target: unknown, overrides: Record<string, unknown> = {}) {
  return {
    _links: { self: "https://acme.api.frontapp.com/events/evt_3s78kxhw" },
    id: "evt_3s78kxhw",
    type,
    emitted_at: 1772359170.93,
    conversation: { _links: { self: "https://acme.api.frontapp.com/conversations/cnv_1042nr10" }, id: "cnv_1042nr10", subject: "Package update?", status: "unassigned", assignee: null, tags: [], links: [], custom_fields: {}, is_private: false, scheduled_reminders: [], metadata: {} },
    source: { _meta: { type: "inboxes" }, data: [{ id: "inb_axnro", name: "Support" }] },
    target,
    ...overrides,
  };
}

export const messageTarget = (overrides: Record<string, unknown> = {}) => ({ _meta: { type: "message" }, data: message(overrides) });
export const outboundMessage = (overrides: Record<string, unknown> = {}) =>
  message({
    id: "msg_2b",
    is_inbound: false,
    author: teammate,
    recipients: [
      { name: "Brandon Lee", handle: "support@acme.example", role: "from" },
      { name: "Sabrina Calhoun", handle: "sabrina@customer.example", role: "to" },
    ],
    ...overrides,
  });

export const envelope = (type: string, payload: unknown) => ({ type, authorization: { id: "cmp_4thp0" }, payload });

export function frontRequest(body: unknown, at = frontNow, extra: Record<string, string> = {}): WebhookRequest {
  const signed = signedFrontRequest(body, FRONT_SECRET, at, extra);
  return { headers: signed.headers, rawBody: signed.rawBody, pathAndQuery: "/api/webhooks/front" };
}
