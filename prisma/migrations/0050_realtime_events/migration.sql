-- Server → browser push (lib/realtime/). Every event a browser may be told about, in commit
-- order: publishers take one transaction-scoped advisory lock before inserting, so a larger
-- seq never commits before a smaller one and "everything after seq N" is a safe replay
-- cursor (the SSE event id). Rows are pruned after a day by the realtime.prune job.
CREATE TABLE realtime_events (
  seq        bigserial PRIMARY KEY,
  -- all | user:<user id> | role:<role> | staff:<staff uuid>
  audience   text NOT NULL,
  type       text NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX realtime_events_created_at_idx ON realtime_events (created_at);
