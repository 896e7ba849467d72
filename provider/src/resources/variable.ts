/**
 * Variable: an environment variable of an Environment, seen by its functions.
 *   create → POST   /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables
 *   read   → GET    …/Variables/{Sid}
 *   update → POST   …/Variables/{Sid}   (key, value)
 *   delete → DELETE …/Variables/{Sid}
 * Pass a secret value as `pulumi.secret(…)`: the output `value` is then secret too. Messages never
 * quote a value. Takes effect at the environment's next deployment (Twilio's rule).
 * Implementation: `handlers/variable.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface VariableArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** The Environment's SID (ZE…). */
  environmentSid: pulumi.Input<string>;
  /** At most 128 characters, unique in the environment. Updates in place. */
  key: pulumi.Input<string>;
  /**
   * At most 450 bytes. Updates in place.
   * @secret through the provider plugin, always a secret in outputs and state (here: when given as `pulumi.secret(…)`).
   */
  value: pulumi.Input<string>;
}

export interface VariableInputs {
  serviceSid: string;
  environmentSid: string;
  key: string;
  value: string;
}

export interface VariableOutputs extends VariableInputs {
  sid: string;
}


/**
 * An environment Variable: a key and its value (a secret), read by the environment's Functions.
 * Key and value update in place.
 */
export class Variable extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Variable;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly environmentSid: pulumi.Output<string>;
  declare readonly key: pulumi.Output<string>;
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: VariableArgs, opts?: pulumi.CustomResourceOptions) {
    super("Variable", name, { ...args }, opts);
  }
}
