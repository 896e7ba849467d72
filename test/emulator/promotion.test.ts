/**
 * What Twilio answers around a promotion (one build, more environments), as emulator/README.md
 * "Promotion" states it with its sources: a build two environments serve, deleting a build an
 * environment serves, and a build of another service. Texts are literals, not the emulator's
 * constants, so that a changed fact fails here.
 */
import type { RunningEmulator } from "../../emulator/src/index";
import { uniqueName } from "../helpers/common";
import { Api, deploySite, expectError, startTestEmulator } from "./helpers";

let emulator: RunningEmulator;
let api: Api;
beforeAll(async () => {
  emulator = await startTestEmulator();
  api = new Api(emulator);
});
afterAll(() => emulator?.close());

async function environment(base: string, name: string) {
  return api.expect(201, await api.post(`${base}/Environments`, { UniqueName: name, DomainSuffix: name }));
}

describe("a build in more than one environment", () => {
  // serverless-toolkit#148, a Twilio maintainer: "Builds can be active on multiple Environments";
  // the toolkit's own `serverless:promote` (activateBuild) deploys an existing build to another environment.
  it("serves one build in two environments at once, each deployment its own", async () => {
    const { base, env: dev, build } = await deploySite(api, [{ path: "/index.html", visibility: "public", content: "<h1>v1</h1>" }], "dev");
    const prod = await environment(base, "prod");
    const deployment = api.expect(201, await api.post(`${base}/Environments/${prod.sid}/Deployments`, { BuildSid: build.sid }));
    expect(deployment).toMatchObject({ build_sid: build.sid, environment_sid: prod.sid });
    for (const env of [dev, prod]) expect(api.expect(200, await api.get(`${base}/Environments/${env.sid}`)).build_sid).toBe(build.sid);
  });

  // RJPearson94/terraform-provider-twilio CHANGELOG v0.8.2 quotes the refusal (its status is ours: 409, a conflict).
  it("refuses to delete a build while any environment serves it, and deletes it once none does", async () => {
    const { base, env: dev, build } = await deploySite(api, [{ path: "/a.txt", visibility: "public", content: "a" }], "d2");
    const prod = await environment(base, "p2");
    api.expect(201, await api.post(`${base}/Environments/${prod.sid}/Deployments`, { BuildSid: build.sid }));
    api.expect(201, await api.post(`${base}/Environments/${dev.sid}/Deployments`, {}));
    expectError(await api.delete(`${base}/Builds/${build.sid}`), 409, 20409, "Cannot delete Build because it's part of an active Deployment.");
    api.expect(201, await api.post(`${base}/Environments/${prod.sid}/Deployments`, {}));
    expect((await api.delete(`${base}/Builds/${build.sid}`)).status).toBe(204);
  });

  // No record: Twilio's docs are silent. The strict reading: a build is deployable only in its own service.
  it("refuses a build of another service, before anything changes", async () => {
    const { build } = await deploySite(api, [{ path: "/b.txt", visibility: "public", content: "b" }], "d3");
    const other = await api.service(uniqueName("other"));
    const base = `/v1/Services/${other.sid}`;
    const env = await environment(base, "p3");
    expectError(await api.post(`${base}/Environments/${env.sid}/Deployments`, { BuildSid: build.sid }), 400, 20001, `Build ${build.sid} was not found in this Service`);
    expect(api.expect(200, await api.get(`${base}/Environments/${env.sid}`)).build_sid).toBeNull();
  });
});
