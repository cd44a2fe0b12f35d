// One test command, four tiers. ts-jest transpiles only (isolatedModules); `tsc --noEmit`
// runs separately in `npm test`, so type errors still fail the suite.
const tsJest = ["ts-jest", { diagnostics: false }];
const base = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": tsJest },
  moduleFileExtensions: ["ts", "js", "json"],
};
module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    { ...base, displayName: "integration", testMatch: ["<rootDir>/test/integration/**/*.test.ts"] },
    { ...base, displayName: "protocol", testMatch: ["<rootDir>/test/protocol/**/*.test.ts"] },
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"] },
  ],
};
