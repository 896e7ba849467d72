/**
 * `node --require toolkitPreload.js`: points Twilio's Serverless Toolkit at the emulator. The
 * toolkit has no base-URL option; every URL it builds, for both `serverless` and
 * `serverless-upload`, comes from `getApiUrl` in dist/api/utils/api-client.js, which its modules
 * call through the module's exports object, so replacing the export before they load is enough.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiClient = require("@twilio-labs/serverless-api/dist/api/utils/api-client") as {
  getApiUrl: (config: unknown, product?: string, apiVersion?: string) => string;
};

const base = process.env.BENCH_TWILIO_API_URL;
if (!base) throw new Error("toolkitPreload: BENCH_TWILIO_API_URL is not set");

apiClient.getApiUrl = (_config, _product = "serverless", apiVersion = "v1") => `${base.replace(/\/+$/, "")}/${apiVersion}`;
