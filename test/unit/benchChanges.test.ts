import { parseChanges } from "../../bench/lib/pulumi";

describe("the bench's reading of the CLI's change summary", () => {
  it("reads one count per line", () => {
    const output = "Outputs:\n  url: x\n\nResources:\n    + 2 created\n    +-3 replaced\n    2009 unchanged\n\nDuration: 9s\n";
    expect(parseChanges(output)).toEqual({ create: 2, replace: 3, same: 2009 });
  });

  it("reads the unchanged count that shares its line with the total", () => {
    const output = "Resources:\n    ~ 1 updated\n    +-2 replaced\n    3 changes. 5 unchanged\n\nDuration: 2s\n";
    expect(parseChanges(output)).toEqual({ update: 1, replace: 2, same: 5 });
  });
});
