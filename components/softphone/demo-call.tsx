"use client";

import { useState } from "react";

/** Demo mode only: make the Twilio simulator ring our number from a customer's phone. */
export function DemoCallButton() {
  const [status, setStatus] = useState("");
  async function call() {
    setStatus("Calling…");
    const res = await fetch("/api/demo/call", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const data = (await res.json().catch(() => ({}))) as { from?: string; name?: string; error?: string };
    setStatus(res.ok ? `${data.name ?? "A customer"} (${data.from}) is calling the business line.` : `Could not simulate a call: ${data.error ?? res.status}`);
  }
  return (
    <section aria-label="Demo" className="rounded-lg border border-dashed border-slate-300 p-4 text-sm">
      <p className="text-slate-600">Demo mode: no real phone line. Make a simulated customer call the business.</p>
      <button type="button" onClick={() => void call()} className="mt-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
        Simulate an incoming call
      </button>
      <p role="status" className="mt-1 text-slate-600">
        {status}
      </p>
    </section>
  );
}
