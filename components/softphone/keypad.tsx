"use client";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/** DTMF digits into the live call (menus, extensions). */
export function Keypad({ onDigit, sent }: { onDigit: (d: string) => void; sent: string }) {
  return (
    <div>
      <div className="mb-2 h-6 font-mono text-sm text-slate-600" aria-live="polite" data-testid="digits-sent">
        {sent}
      </div>
      <div role="group" aria-label="Keypad" className="grid w-48 grid-cols-3 gap-2">
        {KEYS.map((k) => (
          <button key={k} type="button" onClick={() => onDigit(k)} className="rounded-md border border-slate-300 bg-white py-2 font-mono text-lg hover:bg-slate-50" aria-label={`Key ${k}`}>
            {k}
          </button>
        ))}
      </div>
    </div>
  );
}
