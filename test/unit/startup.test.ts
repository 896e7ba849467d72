/**
 * What loading the package costs in the two processes that load it: the program
 * (`pulumi-twilio-serverless`) and Pulumi's provider process (`pulumi-twilio-serverless/runtime`)
 * leave the HTTP client's modules (undici, form-data) alone until the first request, which a program
 * and a preview never make (bench/README.md, "Where the time goes"). Runs the built package in a
 * node process of its own, for a module cache of its own, like the engine tests run the built
 * provider; timings are the benchmark's business, this only checks what is loaded when.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../scripts/pulumiCli";

const CHILD = `
const http = require("node:http");
const loaded = () => [...new Set(Object.keys(require.cache).flatMap((k) => /node_modules[\\\\/](undici|form-data)[\\\\/]/.exec(k)?.[1] ?? []))].sort();
const stages = {};
require("pulumi-twilio-serverless");
stages.program = loaded();
require("pulumi-twilio-serverless/runtime").provider("AssetBundle");
stages.provider = loaded();
const { TwilioClient } = require(${JSON.stringify(path.join(REPO_ROOT, "provider", "dist", "core", "client", "client.js"))});
const server = http.createServer((req, res) => res.end('{"sid":"ZS1"}')).listen(0, "127.0.0.1", async () => {
  const url = "http://127.0.0.1:" + server.address().port;
  const client = new TwilioClient({ baseUrl: url, uploadBaseUrl: url, username: "AC1", password: "secret" });
  stages.client = loaded();
  stages.answer = await client.request({ method: "GET", path: "/v1/Services/ZS1" });
  stages.request = loaded();
  await client.close();
  server.close();
  console.log(JSON.stringify(stages));
});
`;

describe("loading the package", () => {
  it("loads undici and form-data with the first request, not with the program or the provider", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", CHILD], { cwd: REPO_ROOT });
    expect(JSON.parse(stdout)).toEqual({
      program: [],
      provider: [],
      client: [],
      answer: { sid: "ZS1" },
      request: ["form-data", "undici"],
    });
  });
});
