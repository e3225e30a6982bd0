/**
 * One live call's actor, inside the worker that holds its lease. It does one
 * thing at a time: run the outbox, then take the next due mailbox row, compute
 * the transition (pure), persist it with its effects (one guarded transaction),
 * and go round again. Woken by NOTIFY, by its own timers, and by the host's sweep;
 * a wake while it works just means "look again when done".
 *
 * The outbox never makes it wait: an effect that has to wait (a retry after a
 * failure, a hold for a leg not in the conference yet) holds back the effects
 * behind it but not the mailbox, and the actor sets a timer to run the outbox
 * again (the rule is written out in effects.ts). A hang-up that arrives
 * meanwhile is read at once.
 *
 * A call claimed with history (version > 0: its last owner died, or stopped) is
 * recovered first: finish the outbox and mailbox as they stand, then ask Twilio
 * about every leg and feed the machine a `resumed` event.
 */
import { randomUUID } from "node:crypto";
import { applyMail } from "./apply-mail";
import type { CallDeps } from "./deps";
import { runPendingEffects } from "./effects";
import { isTerminal, type CallEffect, type CallState } from "./machine";
import { enqueue, machineMail, nextMail } from "./mailbox";
import { probeLegs } from "./probe";
import { loadCall, persistStep, type LoadedCall } from "./store";

export interface StepMetric {
  callId: string;
  /** applyMail + persistStep (including the wait for a pooled connection), in ms */
  ms: number;
  transitions: number;
}

export interface ActorHost {
  owner: string;
  deps: CallDeps;
  /** the lease is gone (another worker has the call): forget this actor */
  lost(actor: CallActor): void;
  /** terminal and nothing left to do: try to release the lease */
  idle(actor: CallActor): void;
  onStep?(m: StepMetric): void;
  onResumed?(callId: string): void;
  /**
   * Called before each step and each effect, and awaited: tests hold a worker at
   * an exact point here (a promise that never settles = a worker that died there).
   */
  checkpoint?(at: Checkpoint): Promise<void> | void;
}

export interface Checkpoint {
  callId: string;
  state: CallState;
  /** the effect about to run; null: about to process the next mailbox row */
  effect: CallEffect | null;
}

/** A takeover's phases, in ms since the claim: loaded, outbox and mailbox finished, legs probed, `resumed` applied */
export interface RecoveryPhases {
  claimedAt: number;
  loadedMs: number;
  pumpedMs: number;
  probedMs: number | null;
  resumedMs: number | null;
}

const MAX_BACKOFF_MS = 5_000;

export class CallActor {
  private call: LoadedCall | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failures = 0;
  /** after a failed step: not before this (Date.now()), unless something new arrives */
  private retryAt = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private needsRecovery: boolean;
  /** only this actor writes the call's outbox: after a step without effects there is nothing to look for */
  private outboxMayHaveWork = true;
  /** an effect waits for its next attempt; the timer runs the outbox again then */
  private outboxWaiting = false;
  private outboxTimer: NodeJS.Timeout | null = null;
  /** when this actor was made (the call claimed), for the recovery's phase timings */
  private readonly claimedAt = Date.now();

  constructor(
    readonly id: string,
    claimedVersion: number,
    private readonly host: ActorHost,
  ) {
    this.needsRecovery = claimedVersion > 0;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /**
   * The host's sweep found mail waiting (or, `outbox`, an effect due again): look,
   * unless backing off after a failure (the retry timer will).
   */
  nudge(outbox = false): void {
    if (outbox) this.outboxMayHaveWork = true;
    if (Date.now() >= this.retryAt) this.wake();
  }

  /** Wake after `ms` (a timer this actor scheduled; the host's sweep is the backstop). */
  wakeAfter(ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.wake();
    }, ms);
    this.timers.add(t);
  }

  /** Resolves when the actor has nothing in hand (its mailbox drained, or a retry scheduled). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stop acting; resolves when the step in progress (if any) is over. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.stopped);
      this.failures = 0;
      this.retryAt = 0;
    } catch (e) {
      this.failures += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures);
      this.retryAt = Date.now() + backoff;
      this.host.deps.log.warn({ callId: this.id, err: e instanceof Error ? e.message : String(e), backoff }, "call actor step failed; retrying");
      this.wakeAfter(backoff);
    }
  }

  private async drain(): Promise<void> {
    this.call ??= await loadCall(this.host.deps.db, this.id);
    if (!this.call) {
      this.lose(); // deleted under us
      return;
    }
    let recovery: RecoveryPhases | null = null;
    if (this.needsRecovery) {
      const at = () => Date.now() - this.claimedAt;
      recovery = { claimedAt: this.claimedAt, loadedMs: at(), pumpedMs: 0, probedMs: null, resumedMs: null };
      if (!(await this.pump())) return;
      recovery.pumpedMs = at();
      const call = this.call;
      if (!isTerminal(call.state)) {
        const resumed = await probeLegs(this.host.deps, call);
        recovery.probedMs = at();
        await enqueue(this.host.deps.db, { callId: this.id, dedupeKey: `resumed:${randomUUID()}`, mail: machineMail(resumed) });
        this.host.onResumed?.(this.id);
      }
      this.needsRecovery = false;
    }
    if (!(await this.pump())) return;
    if (recovery) {
      if (recovery.probedMs !== null) recovery.resumedMs = Date.now() - this.claimedAt;
      // where a takeover's milliseconds go (chaos:calls reads these lines)
      this.host.deps.log.info({ callId: this.id, recovery }, "call recovered");
    }
    // an ended call with an effect still to retry keeps its lease until that is settled
    if (isTerminal(this.call.state) && !this.outboxWaiting) this.host.idle(this);
  }

  /** Outbox, then the next mailbox row, until both are empty. False when the call was lost. */
  private async pump(): Promise<boolean> {
    const { deps, owner } = this.host;
    for (;;) {
      const call = this.call;
      if (this.stopped || !call) return false;
      if (this.outboxMayHaveWork) {
        const checkpoint = this.host.checkpoint;
        const beforeEffect = checkpoint ? (effect: CallEffect) => checkpoint({ callId: this.id, state: call.state, effect }) : undefined;
        const run = await runPendingEffects(deps, owner, call, () => this.stopped, beforeEffect);
        for (const ms of run.wakeInMs) this.wakeAfter(ms + 5);
        if (run.lost) return this.lose();
        this.outboxMayHaveWork = false;
        this.outboxWaiting = run.retryInMs !== null;
        if (run.retryInMs !== null) this.outboxAfter(run.retryInMs);
      }
      await this.host.checkpoint?.({ callId: this.id, state: call.state, effect: null });
      if (this.stopped) return false;
      const mail = await nextMail(deps.db, this.id);
      if (!mail) return true;
      const started = performance.now();
      const step = applyMail(call.state, call.actor, mail.id, mail.mail);
      const saved = await persistStep(deps.db, owner, call, step);
      if (!saved.ok) return this.lose();
      this.call = { ...call, state: step.state, actor: step.actor, version: saved.version };
      if (step.effects.length > 0) this.outboxMayHaveWork = true;
      // timers the step itself wrote (a sequence gap's flush, a conference end's grace): the sweep is only the backstop
      for (const m of step.mail) if (m.dueInMs !== undefined) this.wakeAfter(m.dueInMs + 5);
      this.host.onStep?.({ callId: this.id, ms: performance.now() - started, transitions: step.transitions.length });
    }
  }

  /** Run the outbox again after `ms` (one such timer at a time: the latest word counts). */
  private outboxAfter(ms: number): void {
    if (this.outboxTimer) {
      clearTimeout(this.outboxTimer);
      this.timers.delete(this.outboxTimer);
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.outboxTimer = null;
      this.outboxMayHaveWork = true;
      this.wake();
    }, ms + 5);
    this.outboxTimer = t;
    this.timers.add(t);
  }

  private lose(): false {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.host.lost(this);
    return false;
  }
}
