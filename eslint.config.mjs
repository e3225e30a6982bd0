import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "dist/**", ".data/**", "lib/db/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "bench-out/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    // Imports run one way: interactions → identity (the resolver), never identity → interactions.
    // What both need (the connector shapes, body parsing) lives in lib/capture; identity's own
    // sources (orders, bookings) in lib/identity/sources.
    files: ["lib/identity/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/lib/interactions|(\\.\\./)+interactions)(/|$)",
              message: "lib/identity must not import lib/interactions (interactions imports identity); shared pieces belong in lib/capture.",
            },
          ],
        },
      ],
    },
  },
  {
    // the capture layer sits under both rooms and imports neither
    files: ["lib/capture/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/lib/(interactions|identity)|(\\.\\./)+(interactions|identity))(/|$)", message: "lib/capture is shared by interactions and identity and imports neither." }] },
      ],
    },
  },
];
export default config;
