-- The analytics page's channel signals over everyone (lib/analytics/signals-rollup.ts): a rollup
-- the worker recomputes every five minutes, one row per window length, read by the page at once
-- instead of a scan of every outbound interaction of the window and its answer.
CREATE TABLE channel_signal_rollups (
  days        integer PRIMARY KEY CHECK (days > 0),
  computed_at timestamptz(3) NOT NULL,
  overview    jsonb NOT NULL
);
