/**
 * The emulator's deliberate deviations (`startEmulator({ deviations })`, for proving that the live
 * suite's parity report finds differences): each changes exactly the answers it names, as many
 * times as it says, and nothing else.
 */
import type { RunningEmulator } from "../../emulator/src";
import { Api, deploySite, rawRequest, startTestEmulator } from "./helpers";

let emulator: RunningEmulator;
let api: Api;

beforeAll(async () => {
  emulator = await startTestEmulator({
    deviations: [
      { method: "POST", path: "/v1/Services/*/Builds", whenStatus: 400, code: 29999, times: 1 },
      { method: "POST", path: "/v1/Services/*/Environments", addKey: "extra_key" },
      { method: "GET", path: "/secret.json", site: true, whenStatus: 404, status: 200 },
    ],
  });
  api = new Api(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

describe("deliberate deviations", () => {
  it("answers an error path 200, adds a key, and leaves every other answer as it was", async () => {
    const { env } = await deploySite(api, [
      { path: "/secret.json", visibility: "private", content: "{}" },
      { path: "/index.html", visibility: "public", content: "<p>hi</p>" },
    ]);
    expect(env.extra_key).toBe("deviation");
    const host = env.domain_name as string;
    const secret = await rawRequest(emulator, { path: "/secret.json", host });
    expect(secret.status).toBe(200);
    expect(secret.body.toString()).not.toBe("{}");
    expect(Number(secret.headers["content-length"])).toBe(secret.body.length);
    expect((await rawRequest(emulator, { path: "/index.html", host })).status).toBe(200);
    expect((await rawRequest(emulator, { path: "/missing.json", host })).status).toBe(404);
    // The API path of the same name is not a site request: untouched.
    expect((await api.get("/secret.json")).status).toBe(404);
  });

  it("changes an error's code as many times as it says, and only on the status it names", async () => {
    const service = await api.service();
    const bad = { FunctionVersions: ["ZN00000000000000000000000000000000"] };
    const first = await api.post(`/v1/Services/${service.sid}/Builds`, bad);
    const second = await api.post(`/v1/Services/${service.sid}/Builds`, bad);
    expect([first.status, first.body.code]).toEqual([400, 29999]);
    expect(first.body.message).toBe(second.body.message);
    expect(second.status).toBe(400);
    expect(second.body.code).not.toBe(29999);
  });
});
