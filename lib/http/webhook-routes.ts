/**
 * Every webhook route handler the lane serves (webhook-lane.ts), by path: the App Router's
 * own route modules under app/api/webhooks. webhook-routes.test.ts fails when a route file
 * there is missing from this table or a path here points at the wrong one.
 */
import * as aircall from "@/app/api/webhooks/aircall/route";
import * as appointjet from "@/app/api/webhooks/appointjet/route";
import * as front from "@/app/api/webhooks/front/route";
import * as milestones from "@/app/api/webhooks/milestones/route";
import * as shopifyOrders from "@/app/api/webhooks/shopify/orders/route";
import * as simplybook from "@/app/api/webhooks/simplybook/route";
import * as twilioCallStatus from "@/app/api/webhooks/twilio/call-status/route";
import * as twilioRecording from "@/app/api/webhooks/twilio/recording/route";
import * as twilioSms from "@/app/api/webhooks/twilio/sms/route";
import * as twilioSmsStatus from "@/app/api/webhooks/twilio/sms-status/route";
import type { LaneRoute } from "./webhook-lane";

/** Path → route module, as the App Router maps app/<path>/route.ts. */
export const WEBHOOK_ROUTE_MODULES: Readonly<Record<string, { POST: LaneRoute }>> = {
  "/api/webhooks/aircall": aircall,
  "/api/webhooks/appointjet": appointjet,
  "/api/webhooks/front": front,
  "/api/webhooks/milestones": milestones,
  "/api/webhooks/shopify/orders": shopifyOrders,
  "/api/webhooks/simplybook": simplybook,
  "/api/webhooks/twilio/call-status": twilioCallStatus,
  "/api/webhooks/twilio/recording": twilioRecording,
  "/api/webhooks/twilio/sms": twilioSms,
  "/api/webhooks/twilio/sms-status": twilioSmsStatus,
};

export function webhookRoutes(): Map<string, LaneRoute> {
  return new Map(Object.entries(WEBHOOK_ROUTE_MODULES).map(([path, mod]) => [path, mod.POST]));
}
