import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**"],
  },
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/db", "@/db/*", "**/db/*", "drizzle-orm", "drizzle-orm/*", "better-sqlite3"], message: "app/ never imports db/: call a service in lib/." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/redaction/**/*.ts", "lib/audit/verify-chain.ts", "lib/audit/canonical.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "@/db", "@/db/*", "**/db/*", "node:fs", "node:fs/*", "fs", "node:child_process", "drizzle-orm", "drizzle-orm/*"], message: "Pure cores import no framework, database or I/O." },
          ],
        },
      ],
    },
  },
];

export default config;
