/**
 * The events the server pushes to browsers: one zod schema per type, shared by
 * publishers (lib/realtime/publish.ts validates before storing) and the browser
 * (components/realtime/ validates what it receives and drops what it does not
 * know, so an older tab ignores a newer type). Browser-safe: no server imports.
 *
 * To add a type: add its schema here, publish it, subscribe with useRealtime.
 */
import { z } from "zod";
import { CALL_STATES } from "@/lib/calls/machine-types";
import { ROLES, type Role } from "@/lib/auth/roles";

const uuid = z.uuid();
const isoTime = z.iso.datetime({ offset: true });

export const REALTIME_EVENTS = {
  /** a staff member's presence moved (softphone presence, every open softphone) */
  "presence.changed": z.object({
    staffId: uuid,
    presence: z.enum(["available", "busy", "wrap_up", "away", "offline"]),
    at: isoTime,
  }),
  /** a call changed state (the ring's screen pop, call controls) */
  "call.updated": z.object({
    callId: uuid,
    state: z.enum(CALL_STATES),
    staffId: uuid.nullable().optional(),
    personId: uuid.nullable().optional(),
    direction: z.enum(["inbound", "outbound"]).optional(),
    /** outbound: the person picked up (the staff member's softphone shows the call as connected) */
    personAnswered: z.boolean().optional(),
    at: isoTime,
  }),
  /** FrontCheck: the Front webhook is inferred down (open) or delivering again (cleared); the app's banner */
  "frontcheck.incident": z.object({
    incidentId: uuid,
    state: z.enum(["open", "cleared"]),
    startedAt: isoTime,
    detectedAt: isoTime,
    clearedAt: isoTime.nullable(),
    eventsRecovered: z.number().int().nonnegative(),
  }),
  /** something new on a person's timeline (a conversation recorded): open timelines refetch their first page */
  "person.timeline": z.object({
    personId: uuid,
    at: isoTime,
  }),
} as const;

export type RealtimeEventType = keyof typeof REALTIME_EVENTS;
export type RealtimePayload<K extends RealtimeEventType> = z.infer<(typeof REALTIME_EVENTS)[K]>;

export function isRealtimeEventType(type: string): type is RealtimeEventType {
  return Object.hasOwn(REALTIME_EVENTS, type);
}

/**
 * Who an event is for. `role:<r>` follows lib/auth/roles.ts (roles are cumulative):
 * `role:ops` reaches ops, managers and admins.
 */
export type Audience = "all" | `user:${string}` | `staff:${string}` | `role:${Role}`;

export const audience = {
  all: "all" as const,
  user: (userId: string): Audience => `user:${userId}`,
  staff: (staffId: string): Audience => `staff:${staffId}`,
  role: (role: Role): Audience => `role:${role}`,
};

export const audienceSchema = z.union([
  z.literal("all"),
  z.string().regex(/^user:[^\s]+$/),
  z.string().regex(/^staff:[0-9a-f-]{36}$/i),
  z.enum(ROLES.map((r) => `role:${r}` as const) as [`role:${Role}`, ...`role:${Role}`[]]),
]);

/** An event as a publisher hands it over: type and payload checked together. */
export type OutgoingEvent = {
  [K in RealtimeEventType]: { audience: Audience; type: K; payload: RealtimePayload<K> };
}[RealtimeEventType];

/** An event as a subscriber receives it (payload still unchecked: see parseDelivered). */
export interface DeliveredEvent {
  seq: number;
  audience: string;
  type: string;
  payload: unknown;
}

/**
 * Stream-level events, never stored: `ready` (live from here; its id is the cursor to
 * resume from) and `reset` (what you missed is gone: refetch everything).
 */
export const CONTROL_EVENTS = ["ready", "reset"] as const;
export type ControlEventType = (typeof CONTROL_EVENTS)[number];
