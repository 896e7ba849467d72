/**
 * Reads a preview, in either of the two forms the Pulumi CLI writes, into what the review needs:
 * the planned steps with their old and new inputs, the policy violations, the errors, and whether
 * the preview ran to its end.
 *
 * - The engine's event log (`pulumi preview --event-log FILE`, JSON lines): one `resourcePreEvent`
 *   per step (`metadata.op`, `metadata.old` / `metadata.new` with `inputs`), a `policyEvent` per
 *   violation, `diagnosticEvent`s, and a `summaryEvent` once the preview is over.
 * - `pulumi preview --json`: one document with `steps` (`oldState` / `newState`) and
 *   `diagnostics`. Policy events are not in it.
 * Only the fields read here are checked (zod); everything else in an event is ignored.
 */
import { z } from "zod";
import { typeOfUrn } from "../core/kinds";
import { reviewTexts as t } from "./texts";

export type Props = Record<string, unknown>;

/** One planned operation on one resource, with the inputs before and after. */
export interface PlannedStep {
  /** `create`, `update`, `replace`, `delete`, `same`, … (the engine's `OpType`). */
  op: string;
  urn: string;
  type: string;
  /** The parent resource's URN. */
  parent?: string;
  /** The resource's ID before the step (a SID for our resources). */
  oldId?: string;
  oldInputs?: Props;
  newInputs?: Props;
}

export interface PolicyViolation {
  policyName: string;
  policyPack?: string;
  /** `mandatory`, `advisory`, `remediate`. */
  level: string;
  /** The violation itself (the engine prefixes the policy's description; it is split off). */
  message: string;
  resourceUrn?: string;
}

export type PreviewFormat = "event-log" | "json";

export interface Preview {
  format: PreviewFormat;
  steps: PlannedStep[];
  /** Always empty for `--json`, which drops policy events. */
  violations: PolicyViolation[];
  /** Error diagnostics, without their `error: ` prefix. */
  errors: string[];
  /** The engine reported the preview as failed (an error, or a mandatory policy violation). */
  failed: boolean;
  /** The input reaches the preview's end (an event log's `summaryEvent`); a cut log does not. */
  finished: boolean;
}

/** A clear refusal of the input (exit status 2). */
export class PreviewInputError extends Error {}

/**
 * The value Pulumi puts in place of an output not known until `up` (`UnknownStringValue` in the
 * SDK's `runtime/rpc`), as it appears in an event log's and `--json`'s inputs.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const props = z.record(z.string(), z.unknown());

const eventState = z
  .object({ type: z.string().optional(), parent: z.string().optional(), id: z.string().optional(), inputs: props.nullish() })
  .nullish();

const engineEvent = z.object({
  // Every engine event is numbered: a line without it is some other JSON.
  sequence: z.number(),
  resourcePreEvent: z
    .object({ metadata: z.object({ op: z.string(), urn: z.string(), type: z.string(), old: eventState, new: eventState }) })
    .nullish(),
  policyEvent: z
    .object({
      policyName: z.string(),
      policyPackName: z.string().optional(),
      enforcementLevel: z.string(),
      message: z.string(),
      resourceUrn: z.string().optional(),
    })
    .nullish(),
  diagnosticEvent: z.object({ severity: z.string(), message: z.string() }).nullish(),
  summaryEvent: z.object({ result: z.string().optional() }).nullish(),
});

const jsonState = z.object({ type: z.string().optional(), parent: z.string().optional(), id: z.string().optional(), inputs: props.nullish() }).nullish();

const jsonPreview = z.object({
  steps: z.array(z.object({ op: z.string(), urn: z.string(), oldState: jsonState, newState: jsonState })).default([]),
  diagnostics: z.array(z.object({ severity: z.string(), message: z.string() })).default([]),
  changeSummary: z.record(z.string(), z.number()).optional(),
});

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}

/** The policy SDK sends `description\nviolation\n`: the violation is what a reviewer needs. */
function violationText(message: string): string {
  const lines = message.trim().split("\n");
  return (lines.length > 1 ? lines.slice(1) : lines).join("\n").trim();
}

function errorText(message: string): string {
  return message.replace(/^error: /, "").trim();
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "(top)"}: ${issue.message}`;
}

/** Steps that repeat another (a replacement is announced as `replace`, with both states). */
const REPEATED_OPS = new Set(["create-replacement", "delete-replaced", "discard-replaced", "remove-pending-replace"]);

function fromEventLog(lines: Array<{ line: number; value: unknown }>, source: string): Preview {
  const preview: Preview = { format: "event-log", steps: [], violations: [], errors: [], failed: false, finished: false };
  for (const { line, value } of lines) {
    const parsed = engineEvent.safeParse(value);
    if (!parsed.success) throw new PreviewInputError(t.notAnEvent(source, line, issueText(parsed.error)));
    const e = parsed.data;
    const step = e.resourcePreEvent?.metadata;
    if (step && !REPEATED_OPS.has(step.op)) {
      preview.steps.push({
        op: step.op,
        urn: step.urn,
        type: step.type,
        parent: nonEmpty(step.new?.parent ?? step.old?.parent),
        oldId: nonEmpty(step.old?.id),
        oldInputs: step.old?.inputs ?? undefined,
        newInputs: step.new?.inputs ?? undefined,
      });
    }
    const policy = e.policyEvent;
    if (policy) {
      preview.violations.push({
        policyName: policy.policyName,
        policyPack: policy.policyPackName,
        level: policy.enforcementLevel,
        message: violationText(policy.message),
        resourceUrn: nonEmpty(policy.resourceUrn),
      });
    }
    if (e.diagnosticEvent?.severity === "error") preview.errors.push(errorText(e.diagnosticEvent.message));
    if (e.summaryEvent) {
      preview.finished = true;
      if (e.summaryEvent.result === "failed") preview.failed = true;
    }
  }
  if (preview.errors.length) preview.failed = true;
  return preview;
}

function fromJson(value: unknown, source: string): Preview {
  const parsed = jsonPreview.safeParse(value);
  if (!parsed.success) throw new PreviewInputError(t.notAPreview(source, issueText(parsed.error)));
  const steps = parsed.data.steps
    .filter((s) => !REPEATED_OPS.has(s.op))
    .map((s): PlannedStep => {
      const oldInputs = s.oldState?.inputs ?? undefined;
      // `same` steps carry their inputs only in the old state.
      const newInputs = s.newState?.inputs ?? (s.op === "same" ? oldInputs : undefined);
      return {
        op: s.op,
        urn: s.urn,
        type: s.newState?.type ?? s.oldState?.type ?? typeOfUrn(s.urn),
        parent: nonEmpty(s.newState?.parent ?? s.oldState?.parent),
        oldId: nonEmpty(s.oldState?.id),
        oldInputs,
        newInputs,
      };
    });
  const errors = parsed.data.diagnostics.filter((d) => d.severity === "error").map((d) => errorText(d.message));
  return { format: "json", steps, violations: [], errors, failed: errors.length > 0, finished: true };
}

/** Reads the text of an event log or of `--json` output; `source` names it in errors. */
export function parsePreview(text: string, source: string): Preview {
  const trimmed = text.trim();
  if (trimmed === "") throw new PreviewInputError(t.emptyInput(source));
  // `--json` is one (indented) document; an event log is one event per line.
  if (trimmed.startsWith("{")) {
    let whole: unknown;
    try {
      whole = JSON.parse(trimmed);
    } catch {
      whole = undefined;
    }
    if (whole && typeof whole === "object" && "steps" in whole) return fromJson(whole, source);
  }
  const lines: Array<{ line: number; value: unknown }> = [];
  text.split("\n").forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      lines.push({ line: i + 1, value: JSON.parse(raw) });
    } catch {
      throw new PreviewInputError(t.notJson(source, i + 1));
    }
  });
  return fromEventLog(lines, source);
}
