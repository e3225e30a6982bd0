import { expect, test } from "@playwright/test";
import pg from "pg";
import { expectAccessible } from "./a11y";
import { login, USERS } from "./support";

/**
 * An Aircall voicemail our worker copied into the media store plays in the expanded timeline
 * entry, from our authenticated media route (not the Twilio-only recordings route). The call is
 * written into the e2e database the way the processor and the media fetcher leave it.
 */
const SERVER = `postgresql://postgres:postgres@127.0.0.1:${process.env.EMBEDDED_PG_TEST_PORT ?? 54330}`;
const AUDIO = Buffer.from("ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000e2e-voicemail-bytes", "binary");

async function seedAircallVoicemail(): Promise<{ personId: string; interactionId: string }> {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  const name = (await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sb_e2e_%' ORDER BY oid DESC LIMIT 1")).rows[0]?.datname;
  await admin.end();
  if (!name) throw new Error("no e2e database");
  const c = new pg.Client({ connectionString: `${SERVER}/${name}` });
  await c.connect();
  try {
    const personId = (await c.query<{ id: string }>("SELECT id FROM persons WHERE first_name = 'Priya' AND last_name = 'Raman'")).rows[0]!.id;
    const interactionId = (
      await c.query<{ id: string }>(
        `INSERT INTO interaction_events (person_id, channel, direction, occurred_at, summary) VALUES ($1, 'call', 'inbound', now(), 'Missed call, voicemail left (e2e Aircall)') RETURNING id`,
        [personId],
      )
    ).rows[0]!.id;
    await c.query(`INSERT INTO call_details (interaction_id, vendor_call_id, duration_seconds, outcome, recording_url) VALUES ($1, '990001', 21, 'voicemail', 'https://assets.aircall.io/calls/990001')`, [interactionId]);
    const key = `calls/${interactionId}/voicemail`;
    await c.query(`INSERT INTO media_objects (key, content_type, size_bytes, bytes) VALUES ($1, 'audio/mpeg', $2, $3)`, [key, AUDIO.length, AUDIO]);
    await c.query(
      `INSERT INTO call_media (interaction_id, kind, source_url, status, storage_key, fetched_at) VALUES ($1, 'voicemail', 'https://aircall-recordings.example/expired?sig=x', 'stored', $2, now())`,
      [interactionId, key],
    );
    return { personId, interactionId };
  } finally {
    await c.end();
  }
}

test("an Aircall voicemail plays in the expanded timeline entry, from our media route", async ({ page }) => {
  const { personId, interactionId } = await seedAircallVoicemail();
  // the first sign-in after the server starts can take a while on a busy machine (this spec may run first)
  await login(page, USERS.manager);
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible({ timeout: 30_000 });
  await page.goto(`/people/${personId}`);
  const entry = page.getByRole("list", { name: "Timeline" }).getByRole("button", { name: /voicemail left \(e2e Aircall\)/ });
  await entry.click();
  await expect(entry).toHaveAttribute("aria-expanded", "true");
  const player = page.getByTestId("timeline-detail").getByLabel("Voicemail");
  await expect(player).toHaveAttribute("src", `/api/media/calls/${interactionId}/voicemail`);
  // the player's source answers with our stored audio for the signed-in user, and nobody else
  const audio = await page.request.get(`/api/media/calls/${interactionId}/voicemail`);
  expect(audio.status()).toBe(200);
  expect(audio.headers()["content-type"]).toBe("audio/mpeg");
  expect(Buffer.from(await audio.body()).equals(AUDIO)).toBe(true);
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.get(`${new URL(page.url()).origin}/api/media/calls/${interactionId}/voicemail`)).status()).toBe(401);
  await anonymous.close();
  await expectAccessible(page, "a person's timeline with a voicemail player");
});
