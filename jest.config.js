/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `tsc -p tsconfig.json` (npm test runs it first); jest only transpiles.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  // The serialized provider requires the package by name (it runs in Pulumi's provider process);
  // under jest that name maps back to the TypeScript sources.
  moduleNameMapper: {
    "^pulumi-twilio-serverless$": "<rootDir>/provider/src/index.ts",
    "^pulumi-twilio-serverless/runtime$": "<rootDir>/provider/src/dynamic/runtime.ts",
    "^pulumi-twilio-serverless/limits$": "<rootDir>/provider/src/core/limits.ts",
    "^pulumi-twilio-serverless/tokens$": "<rootDir>/provider/src/core/kinds.ts",
    "^pulumi-twilio-serverless-emulator$": "<rootDir>/emulator/src/index.ts",
  },
  testTimeout: 60000,
};
