import type { CountryCode } from "libphonenumber-js";
import type { ProcessOptions } from "./process-events";
import { loadSkipRules } from "./skip-rules";

let cached: ProcessOptions | undefined;

/** The processor's settings from the environment, shared by the worker and ops actions in the web app. */
export function processOptionsFromEnv(): ProcessOptions {
  cached ??= {
    rules: loadSkipRules(process.env.INTERACTION_SKIP_RULES),
    defaultRegion: (process.env.DEFAULT_REGION ?? "AU") as CountryCode,
  };
  return cached;
}
