/**
 * Twilio's Serverless Toolkit side: one deploy in its own node process (`toolkitChild.ts`), with
 * `toolkitPreload.ts` pointing it at the emulator.
 */
import * as path from "node:path";
import { measure, type Measured } from "./measure";
import type { ToolkitJob, ToolkitResult } from "./toolkitChild";

/** The toolkit's own default (serverless-api `api/utils/http_config`), when the environment sets none. */
export const TOOLKIT_DEFAULT_CONCURRENCY = 10;

export interface ToolkitTarget {
  apiUrl: string;
  username: string;
  password: string;
}

export async function toolkitDeploy(
  target: ToolkitTarget,
  job: Omit<ToolkitJob, "username" | "password">,
  echo = false,
  /** Requests in flight (the toolkit's TWILIO_SERVERLESS_API_CONCURRENCY); its own default when undefined. */
  concurrency?: number,
): Promise<Measured & { result: ToolkitResult }> {
  const full: ToolkitJob = { ...job, username: target.username, password: target.password };
  const measured = await measure(
    process.execPath,
    ["--require", path.join(__dirname, "toolkitPreload.js"), path.join(__dirname, "toolkitChild.js"), JSON.stringify(full)],
    {
      cwd: job.cwd,
      env: {
        ...process.env,
        BENCH_TWILIO_API_URL: target.apiUrl,
        DEBUG: "",
        ...(concurrency === undefined ? {} : { TWILIO_SERVERLESS_API_CONCURRENCY: String(concurrency) }),
      },
      echo,
    },
  );
  const last = measured.stdout.trim().split("\n").pop() ?? "";
  return { ...measured, result: JSON.parse(last) as ToolkitResult };
}
