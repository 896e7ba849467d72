/**
 * Variable: check/diff/create/read/update/delete (the resource class is in `../variable.ts`).
 * The value may be a secret: no message quotes it. `create` looks the key up first: a taken one
 * fails before anything is written.
 */
import { createVariable, deleteVariable, fetchVariable, listVariables, updateVariable, type VariableRecord } from "../client/variables";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import type { VariableInputs, VariableOutputs } from "../../resources/variable";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, withoutProvider } from "./handler";
import { Checker, isUnknown, resourceName } from "./validation";

const KIND = "Variable";
const REPLACE_ON = ["serviceSid", "environmentSid"] as const;
const UPDATE_ON = ["key", "value"] as const;

function op(verb: messages.Verb, props: VariableInputs, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.key), where: `Environment ${props.environmentSid}` };
}

function outputs(inputs: VariableInputs & Hidden, variable: VariableRecord) {
  return { ...withoutProvider(inputs), sid: variable.sid } satisfies VariableOutputs & Hidden;
}

/** The value: required, a string, at most 450 bytes; reported without quoting it. */
function checkValue(c: Checker): unknown {
  const value = c.value("value");
  if (value === undefined) c.missing("value");
  else if (isUnknown(value)) return value;
  else if (typeof value !== "string") c.failRule("value", messages.problems.valueNotString());
  else if (Buffer.byteLength(value) > FIELD_LIMITS.variableValueBytes) {
    c.failRule("value", messages.problems.valueTooLong(Buffer.byteLength(value), FIELD_LIMITS.variableValueBytes));
  }
  return value;
}

export const variableHandler: Handler<VariableInputs, VariableOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, String(news.key));
    return c.result({
      serviceSid: c.string("serviceSid", true),
      environmentSid: c.sid("environmentSid", "ZE"),
      key: c.string("key", true, { maxLength: FIELD_LIMITS.variableKey }),
      value: checkValue(c),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON, updateOn: UPDATE_ON });
  },

  async create(i) {
    const client = getClient();
    const existing = await attempt(op("create", i), () => listVariables(client, i.serviceSid, i.environmentSid));
    const taken = existing.find((v) => v.key === i.key);
    if (taken) {
      const problem = messages.problems.variableKeyTaken(taken.sid, i.environmentSid);
      throw new Error(messages.invalidInput(KIND, resourceName(i, i.key), "key", i.key, problem));
    }
    const variable = await attempt(op("create", i), () => createVariable(client, i.serviceSid, i.environmentSid, i.key, i.value));
    return { id: variable.sid, outs: outputs(i, variable) };
  },

  async read(id, p) {
    const client = getClient();
    const variable = await attemptUnlessGone(op("read", p, id), () => fetchVariable(client, p.serviceSid, p.environmentSid, id));
    if (!variable) return GONE;
    return { id, props: outputs({ ...p, key: variable.key, value: variable.value }, variable) };
  },

  async update(id, _olds, i) {
    const client = getClient();
    const variable = await attempt(op("update", i, id), () =>
      updateVariable(client, i.serviceSid, i.environmentSid, id, i.key, i.value),
    );
    return { outs: outputs(i, variable) };
  },

  async delete(id, p) {
    const client = getClient();
    await attemptUnlessGone(op("delete", p, id), () => deleteVariable(client, p.serviceSid, p.environmentSid, id));
  },
};
