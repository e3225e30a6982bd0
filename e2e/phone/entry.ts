/**
 * Bundled by e2e/softphone.spec.ts (esbuild, code splitting) and loaded into a
 * signed-in page: the phone interface exactly as the softphone UI will use it,
 * driven from the test through window.phoneProbe.
 */
import { createPhone } from "@/components/softphone/phone/factory";
import { createTwilioPhone } from "@/components/softphone/phone/twilio-phone";
import type { Phone, PhoneCall } from "@/components/softphone/phone/types";

type SdkModule = typeof import("@twilio/voice-sdk");

const log: string[] = [];
let phone: Phone | null = null;
let call: PhoneCall | null = null;

const probe = {
  log: () => [...log],
  /** the simulated path: token from our server, registered with the simulator (another origin) */
  async register() {
    phone = await createPhone();
    for (const e of ["registering", "registered", "unregistered"] as const) phone.on(e, () => log.push(e));
    phone.on("error", (e) => log.push(`error ${e.code}`));
    phone.on("incoming", (c) => {
      call = c;
      log.push(`incoming ${JSON.stringify(Object.fromEntries(c.customParameters))}`);
      for (const e of ["accept", "disconnect", "cancel", "reject"] as const) c.on(e, () => log.push(e));
    });
    await phone.register();
    return { state: phone.state, identity: phone.identity };
  },
  accept: () => call?.accept(),
  disconnect: () => call?.disconnect(),
  status: () => call?.status() ?? null,
  /** the real SDK, constructed (not registered: no Twilio here) through the Twilio phone */
  async sdk(token: string) {
    let made: InstanceType<SdkModule["Device"]> | null = null;
    const p = await createTwilioPhone(token, {
      loadSdk: async () => {
        const sdk = await import("@twilio/voice-sdk");
        class Probe extends sdk.Device {
          constructor(...args: ConstructorParameters<SdkModule["Device"]>) {
            super(...args);
            made = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the test reads the Device the phone made
          }
        }
        return { Device: Probe };
      },
    });
    const seen = { state: p.state, incomingSound: made ? (made as InstanceType<SdkModule["Device"]>).audio?.incoming() : null };
    p.destroy();
    return { ...seen, after: p.state };
  },
};

declare global {
  interface Window {
    phoneProbe: typeof probe;
  }
}
window.phoneProbe = probe;
