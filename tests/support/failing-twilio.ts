/**
 * A Twilio client that fails chosen Calls requests, as Twilio does when it has a
 * bad day (a 500 RestException: retryable, so the runner retries and then gives
 * up), and passes everything else to the simulator's client.
 */
import type { TwilioClient } from "@/lib/vendors/twilio/client";

type Create = Parameters<TwilioClient["calls"]["create"]>[0];
type Update = Parameters<ReturnType<TwilioClient["calls"]>["update"]>[0];

export interface CallFaults {
  create?: (params: Create) => boolean;
  update?: (callSid: string, params: Update) => boolean;
}

export interface FailingTwilio {
  wrap(real: TwilioClient): TwilioClient;
  /** requests failed so far */
  failures: { op: "create" | "update"; at: number; target: string }[];
}

export function failingTwilio(faults: CallFaults): FailingTwilio {
  const failures: FailingTwilio["failures"] = [];
  const fail = (op: "create" | "update", target: string) => {
    failures.push({ op, at: Date.now(), target });
    return Promise.reject(Object.assign(new Error("Twilio is having a bad day"), { status: 500, code: 20500 }));
  };
  const wrap = (real: TwilioClient): TwilioClient => {
    const calls = new Proxy(real.calls, {
      apply: (_target, _this, [sid]: [string]) => {
        const call = real.calls(sid);
        return new Proxy(call, {
          get: (t, prop, receiver) =>
            prop === "update"
              ? (params: Update) => (faults.update?.(sid, params) ? fail("update", sid) : t.update(params))
              : Reflect.get(t, prop, receiver),
        });
      },
      get: (t, prop, receiver) =>
        prop === "create"
          ? (params: Create) => (faults.create?.(params) ? fail("create", params.to) : t.create(params))
          : Reflect.get(t, prop, receiver),
    });
    return new Proxy(real, { get: (t, prop) => (prop === "calls" ? calls : Reflect.get(t, prop)) });
  };
  return { wrap, failures };
}
