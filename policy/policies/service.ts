/**
 * Services per account. The policy can only count the Services of this stack; other stacks and
 * the Console share the same account quota, which is why the limit is a setting.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { LIMITS } from "pulumi-twilio-serverless/limits";
import { configSchema, readSettings, Settings } from "./config";
import { messages } from "./messages";
import { StackView } from "./resources";

const SERVICE_SETTINGS: Settings<"maxServices"> = {
  maxServices: {
    default: LIMITS.servicesPerAccount,
    description: `Most Services in the stack (Twilio: ${LIMITS.servicesPerAccount} per account).`,
  },
};

export const serviceCountLimit: StackValidationPolicy = {
  name: "service-count-limit",
  description: "Checks that the stack declares no more Services than Twilio allows in an account.",
  enforcementLevel: "mandatory",
  configSchema: configSchema(SERVICE_SETTINGS),
  validateStack: (args, reportViolation) => {
    const { maxServices } = readSettings(args, SERVICE_SETTINGS);
    const count = new StackView(args.resources).ofKind("Service").length;
    if (count > maxServices) reportViolation(messages.tooManyServices(count, maxServices));
  },
};
