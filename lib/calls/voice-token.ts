/**
 * What `POST /api/voice/token` answers: a short-lived Twilio access token for the
 * signed-in staff member's softphone, and where its signalling is (Twilio's own,
 * or in demo mode the simulator playing that role). The server builds it, the
 * browser parses it with the same schema. zod/mini, because the browser imports
 * it: the full zod would add some 450 kB (minified) to the softphone's bundle.
 */
import * as z from "zod/mini";
import { CLIENT_IDENTITY } from "./client-identity";

export const signallingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("twilio") }),
  z.object({ kind: z.literal("simulator"), url: z.url() }),
]);
export type Signalling = z.infer<typeof signallingSchema>;

export const voiceTokenSchema = z.object({
  /** an AccessToken (JWT) with a VoiceGrant: incoming calls only */
  token: z.string().check(z.minLength(1)),
  identity: z.string().check(z.regex(CLIENT_IDENTITY)),
  /** ISO 8601; the token's exp */
  expiresAt: z.iso.datetime(),
  signalling: signallingSchema,
});
export type VoiceToken = z.infer<typeof voiceTokenSchema>;

/** The request body (optional): a client may name the identity it expects; only its own is granted. */
export const voiceTokenRequestSchema = z.strictObject({ identity: z.optional(z.string().check(z.maxLength(200))) });
