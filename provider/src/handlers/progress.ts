/**
 * Progress lines for long operations (build polling), through Pulumi's log. In the provider process
 * Pulumi's log writes to the plugin's output, which the engine shows with the update.
 */
import * as log from "@pulumi/pulumi/log";

export type ProgressReporter = (message: string) => void;

const pulumiReporter: ProgressReporter = (message) => void log.info(message);
let reporter: ProgressReporter = pulumiReporter;

export function reportProgress(message: string): void {
  reporter(message);
}

export function reportWarning(message: string): void {
  if (reporter === pulumiReporter) void log.warn(message);
  else reporter(message);
}

/** For tests: capture progress instead of logging it; no argument restores Pulumi's log. */
export function setProgressReporter(next?: ProgressReporter): void {
  reporter = next ?? pulumiReporter;
}
