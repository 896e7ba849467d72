import { serviceEnvironmentLimit } from "../../policy/policies/environment";
import { FakeStack, newService, UNKNOWN, validateStack } from "./policyArgs";

function environments(stack: FakeStack, service: ReturnType<typeof newService>, n: number) {
  for (let i = 0; i < n; i++) {
    stack.add("Environment", `${service.name}-env${i}`, { serviceSid: UNKNOWN.string, uniqueName: `env${i}` }, { serviceSid: [service] });
  }
}

describe("#serviceEnvironmentLimit", () => {
  it("fails a Service of a new stack with 26 Environments, found through propertyDependencies", async () => {
    const stack = new FakeStack();
    const app = newService(stack, "app");
    environments(stack, app, 25 + 1);
    expect(await validateStack(serviceEnvironmentLimit, stack)).toEqual([
      { message: 'Service "app" has 26 environments, over the limit of 25 per service.', urn: app.urn },
    ]);
  });

  it("counts per Service: 25 each on two Services passes", async () => {
    const stack = new FakeStack();
    environments(stack, newService(stack, "a"), 25);
    environments(stack, newService(stack, "b"), 25);
    expect(await validateStack(serviceEnvironmentLimit, stack)).toEqual([]);
  });

  it("counts Environments of a Service made outside the stack by its SID", async () => {
    const stack = new FakeStack();
    for (let i = 0; i < 3; i++) stack.add("Environment", `e${i}`, { serviceSid: "ZS0001", uniqueName: `e${i}` });
    expect(await validateStack(serviceEnvironmentLimit, stack, { maxEnvironmentsPerService: 2 })).toEqual([
      { message: "Service ZS0001 has 3 environments, over the limit of 2 per service.", urn: undefined },
    ]);
  });

  it("uses maxEnvironmentsPerService from config", async () => {
    const stack = new FakeStack();
    environments(stack, newService(stack, "app"), 30);
    expect(await validateStack(serviceEnvironmentLimit, stack, { maxEnvironmentsPerService: 40 })).toEqual([]);
  });
});
