/**
 * One `twilio serverless:deploy`, as its CLI (twilio-run) does it: read the project folder with
 * the toolkit's own reader (`getListOfFunctionsAndAssets`: `assets/`, with `.protected`/`.private`
 * in file names setting the visibility, every file read into memory), then
 * `TwilioServerlessApiClient#deployProject`. The first deploy creates the service by name; later
 * ones pass the service SID, as the CLI does from `.twiliodeployinfo`.
 *
 * Run with `--require toolkitPreload.js` (the emulator's URL) and, in argv[2], a JSON
 * `ToolkitJob`. Prints one JSON line with the result.
 */
import { TwilioServerlessApiClient } from "@twilio-labs/serverless-api";
import { getListOfFunctionsAndAssets } from "@twilio-labs/serverless-api/dist/utils/fs";

export interface ToolkitJob {
  cwd: string;
  username: string;
  password: string;
  serviceName: string;
  serviceSid?: string;
  functionsEnv: string;
  runtime: string;
}

export interface ToolkitResult {
  /** Later deploys pass it back, as the toolkit's CLI does from `.twiliodeployinfo`. */
  serviceSid: string;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as ToolkitJob;
  const { functions, assets } = await getListOfFunctionsAndAssets(job.cwd, {});
  const client = new TwilioServerlessApiClient({ username: job.username, password: job.password });
  const result = await client.deployProject({
    username: job.username,
    password: job.password,
    env: {},
    pkgJson: { dependencies: {} },
    serviceName: job.serviceName,
    serviceSid: job.serviceSid,
    functionsEnv: job.functionsEnv,
    overrideExistingService: false,
    functions,
    assets,
    runtime: job.runtime,
  });
  const out: ToolkitResult = { serviceSid: result.serviceSid };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err: Error) => {
  console.error(`toolkit deploy failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
