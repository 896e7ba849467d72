import { serviceCountLimit } from "../../policy/policies/service";
import { FakeStack, newService, validateStack } from "./policyArgs";

function services(n: number): FakeStack {
  const stack = new FakeStack();
  for (let i = 0; i < n; i++) newService(stack, `svc${i}`);
  return stack;
}

describe("#serviceCountLimit", () => {
  it("fails a stack with 51 Services", async () => {
    expect(await validateStack(serviceCountLimit, services(50 + 1))).toEqual([
      { message: "The stack declares 51 services, over the limit of 50 per account.", urn: undefined },
    ]);
  });

  it("passes 50 Services, and counts only Services", async () => {
    const stack = services(50);
    stack.add("Environment", "env");
    stack.add("Asset", "asset");
    expect(await validateStack(serviceCountLimit, stack)).toEqual([]);
  });

  it("uses maxServices from config (other stacks share the account)", async () => {
    expect(await validateStack(serviceCountLimit, services(3), { maxServices: 2 })).toEqual([
      expect.objectContaining({ message: "The stack declares 3 services, over the limit of 2 per account." }),
    ]);
  });
});
