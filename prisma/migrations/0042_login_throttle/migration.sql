-- Failed-sign-in budgets, per client address and per account (lib/auth/login-throttle.ts).
-- One row per key and fixed window; taken and counted in one statement, so parallel
-- attempts cannot all read the same count.
CREATE TABLE login_attempts (
  key               text PRIMARY KEY,
  window_started_at timestamptz(3) NOT NULL DEFAULT now(),
  window_s          integer NOT NULL,
  attempts          integer NOT NULL
);
CREATE INDEX login_attempts_window_started_at_idx ON login_attempts (window_started_at);
