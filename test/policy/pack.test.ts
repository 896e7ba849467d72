import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";

const POLICY_DIR = path.resolve(__dirname, "../../policy");
const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const MANDATORY = [
  "asset-version-size-limit",
  "build-public-asset-version-limit",
  "build-private-asset-version-limit",
  "build-function-version-limit",
  "build-unique-paths",
  "build-one-version-per-asset",
  "service-environment-limit",
  "service-count-limit",
  "version-path-valid",
  "asset-version-root-public",
  "asset-version-root-index-html",
];
const ADVISORY = ["asset-version-public-image-metadata", "asset-version-no-secrets", "version-included-in-build", "build-served-by-deployment"];

describe("the policy pack", () => {
  it("has unique kebab-case rule names, each described with 'Checks ...'", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of policies) {
      expect(p.name).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(p.description).toMatch(/^Checks .*\.$/);
    }
  });

  it("makes the issue's Twilio limits mandatory and the owner-protecting rules advisory", () => {
    const level = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
    expect(Object.keys(level).sort()).toEqual([...MANDATORY, ...ADVISORY].sort());
    for (const name of MANDATORY) expect(level[name]).toBe("mandatory");
    for (const name of ADVISORY) expect(level[name]).toBe("advisory");
  });

  it("exports each rule from its module under the camelCase form of its name", () => {
    const exported = new Map<unknown, string>();
    for (const file of fs.readdirSync(path.join(POLICY_DIR, "policies"))) {
      if (!file.endsWith(".ts") || file === "index.ts") continue;
      const mod = require(path.join(POLICY_DIR, "policies", file)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(mod)) exported.set(value, key);
    }
    for (const p of policies) expect(exported.get(p)).toBe(camelCase(p.name));
  });

  // Twilio's documented limits, as literals (Serverless API page "Limits", Assets page "Limitations";
  // a MB read as 10^6 bytes): a wrong number in provider/src/core/limits.ts fails here.
  it("has Twilio's documented limits as its config defaults, as integer settings with a minimum", () => {
    const defaults = (name: string) => {
      const schema = policies.find((p) => p.name === name)?.configSchema;
      return Object.fromEntries(Object.entries(schema?.properties ?? {}).map(([k, v]) => [k, typeof v === "object" ? v.default : v]));
    };
    expect(defaults("asset-version-size-limit")).toEqual({
      maxPublicBytes: 25_000_000,
      maxProtectedBytes: 25_000_000,
      maxPrivateBytes: 10_000_000,
    });
    expect(defaults("build-public-asset-version-limit")).toEqual({ maxPublicAssetVersions: 1000 });
    expect(defaults("build-private-asset-version-limit")).toEqual({ maxPrivateAssetVersions: 50 });
    expect(defaults("build-function-version-limit")).toEqual({ maxFunctionVersions: 100 });
    expect(defaults("service-environment-limit")).toEqual({ maxEnvironmentsPerService: 25 });
    expect(defaults("service-count-limit")).toEqual({ maxServices: 50 });
    expect(defaults("version-path-valid")).toEqual({ maxPathLength: 255 });
    for (const p of policies) {
      for (const setting of Object.values(p.configSchema?.properties ?? {})) {
        expect(setting).toEqual(expect.objectContaining({ type: "integer", minimum: expect.any(Number), description: expect.any(String) }));
      }
    }
  });

  it("has one kind of validation per rule: resource rules validate resources, stack rules the stack", () => {
    for (const p of policies) {
      const hasResource = typeof (p as ResourceValidationPolicy).validateResource === "function";
      const hasStack = typeof (p as StackValidationPolicy).validateStack === "function";
      expect(hasResource !== hasStack).toBe(true);
    }
  });

  it("only builds the PolicyPack in policy/index.ts", () => {
    const source = fs.readFileSync(path.join(POLICY_DIR, "index.ts"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(["./policies", "@pulumi/policy"]);
    expect(source.match(/new PolicyPack\(/g)).toHaveLength(1);
  });

  it("lists every rule in policy/README.md with its resource, default level, config keys and defaults", () => {
    const readme = fs.readFileSync(path.join(POLICY_DIR, "README.md"), "utf8");
    const rows = new Map(
      readme
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => {
          const cells = line.split(" | ");
          return [cells[0].replace(/^\| `|`$/g, ""), { level: cells[2], config: cells[3], message: cells[4] }] as const;
        }),
    );
    for (const p of policies) {
      const row = rows.get(p.name);
      expect(row).toBeDefined();
      expect(row?.level).toBe(p.enforcementLevel);
      for (const [key, setting] of Object.entries(p.configSchema?.properties ?? {})) {
        const def = typeof setting === "object" ? setting.default : undefined;
        expect(row?.config).toContain(`\`${key}\` (${String(def)})`);
      }
      if (!p.configSchema) expect(row?.config).toBe("none");
      // one sentence: ends with a period, no other sentence break
      expect(row?.message).toMatch(/^`[^`]+\.` \|$/);
      expect(row?.message.slice(1, -4)).not.toMatch(/\. [A-Z]/);
    }
  });
});
