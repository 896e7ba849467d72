/**
 * Environments per Service. An Environment names its Service by SID, unknown at preview on a new
 * stack, so this is a stack policy that follows `propertyDependencies.serviceSid`.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { LIMITS } from "pulumi-twilio-serverless/limits";
import { configSchema, readSettings, Settings } from "./config";
import { externalSubject, messages, subject } from "./messages";
import { StackView } from "./resources";

const ENVIRONMENT_SETTINGS: Settings<"maxEnvironmentsPerService"> = {
  maxEnvironmentsPerService: {
    default: LIMITS.environmentsPerService,
    description: `Most Environments in one Service (Twilio: ${LIMITS.environmentsPerService}).`,
  },
};

export const serviceEnvironmentLimit: StackValidationPolicy = {
  name: "service-environment-limit",
  description: "Checks that no Service has more Environments than Twilio allows.",
  enforcementLevel: "mandatory",
  configSchema: configSchema(ENVIRONMENT_SETTINGS),
  validateStack: (args, reportViolation) => {
    const { maxEnvironmentsPerService: limit } = readSettings(args, ENVIRONMENT_SETTINGS);
    const view = new StackView(args.resources);
    // Keyed by the Service's URN, or by its SID for a Service made outside the stack.
    const services = new Map<string, { label: string; urn?: string; environments: number }>();
    for (const environment of view.ofKind("Environment")) {
      const { resources, external } = view.referenced(environment, "serviceSid", "Service");
      const service = resources[0];
      const key = service?.urn ?? external[0];
      if (key === undefined) continue;
      const entry = services.get(key) ?? {
        label: service ? subject("Service", service.name) : externalSubject("Service", key),
        urn: service?.urn,
        environments: 0,
      };
      entry.environments++;
      services.set(key, entry);
    }
    for (const { label, urn, environments } of services.values()) {
      if (environments > limit) reportViolation(messages.tooManyEnvironments(label, environments, limit), urn);
    }
  },
};
