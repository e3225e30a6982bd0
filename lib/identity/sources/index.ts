// Identity's sources: the order and booking webhooks whose payloads become source records
// (Shopify orders, SimplyBookMe and AppointJet bookings), and the way back from a stored event.
import type { Vendor } from "@/lib/capture/types";
import { appointjetBookings } from "./appointjet";
import { shopifyOrders } from "./shopify";
import { simplybookBookings } from "./simplybook";
import type { SourceConnector, ToSourceRecordsResult } from "./types";

export type * from "./types";
export { appointjetBookings, shopifyOrders, simplybookBookings };

export function sourceConnectorFor(vendor: Vendor): SourceConnector<unknown> | null {
  if (vendor === "shopify") return shopifyOrders as SourceConnector<unknown>;
  if (vendor === "simplybook") return simplybookBookings as SourceConnector<unknown>;
  if (vendor === "appointjet") return appointjetBookings as SourceConnector<unknown>;
  return null;
}

export function toSourceRecords(vendor: Vendor, payload: unknown): ToSourceRecordsResult {
  const connector = sourceConnectorFor(vendor);
  return connector ? connector.toSourceRecords(payload) : { ok: false, reason: `${vendor} is not an identity source` };
}
