/**
 * The provider plugin's entry: `pulumi-resource-twilio-serverless` (the launcher in `provider/bin/`
 * runs this file), which the engine starts for every program that uses a `twilio-serverless:`
 * resource or component: YAML, Python, Go, .NET, or TypeScript through the generated SDK.
 * This process serves the plugin's entry: its resources register under the plugin's tokens and
 * its settings are read in the plugin's config namespace (`core/kinds.ts`, `serveEntry`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { serveEntry } from "../core/kinds";
import { TwilioServerlessProvider } from "./provider";
import type { PackageSchema } from "./schemaTypes";
import { serve } from "./server";

/** The package's version (what `pulumi plugin ls` shows), from the package.json beside dist/. */
function packageVersion(): string {
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  const version = typeof pkg === "object" && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
  if (typeof version !== "string") throw new Error("package.json has no version");
  return version;
}

/** The schema `npm run build` wrote next to this file (`scripts/pluginSchema.ts`). */
function schema(): PackageSchema {
  return JSON.parse(fs.readFileSync(path.join(__dirname, "schema.json"), "utf8")) as PackageSchema;
}

serveEntry("plugin");
void serve(new TwilioServerlessProvider(packageVersion(), schema()), process.argv.slice(2));
