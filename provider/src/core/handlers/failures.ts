/**
 * How handlers turn client errors into the provider's messages: the cause is kept (`cause`, plus
 * `status`/`code` copied for branching), never logged-and-replaced.
 */
import { isApiError, isNotFound, isTwilioError } from "../client/errors";
import { configNamespace } from "../config";
import * as messages from "../messages";

export class OperationError extends Error {
  override readonly name = "OperationError";
  readonly status?: number;
  readonly code?: number | string;

  /** A 401's cause adds, once, which credentials Twilio refused and how to check them. */
  constructor(message: string, cause: unknown) {
    const refused = isApiError(cause) && cause.status === 401 ? cause.credentials : undefined;
    super(refused ? `${message}\n${messages.refusedCredentials(refused.user, refused.settings, configNamespace())}` : message, { cause });
    if (isTwilioError(cause)) {
      this.status = cause.kind === "api" ? cause.status : undefined;
      this.code = cause.code;
    }
  }
}

export interface Operation {
  verb: messages.Verb;
  kind: string;
  /** What identifies the object in the message: `"staging"`, `ZB…`, `"/index.html"`. */
  subject: string;
  /** `Service ZS…`, when the object lives inside another. */
  where?: string;
}

/** A failure's own message, for quoting inside ours. */
export function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export function operationError(op: Operation, cause: unknown): OperationError {
  return new OperationError(messages.operationFailed(op.verb, op.kind, op.subject, op.where, causeText(cause)), cause);
}

/** Runs a Twilio call; any failure becomes the operation's message, with the cause kept. */
export async function attempt<T>(op: Operation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw operationError(op, err);
  }
}

/** Like `attempt`, but a 404 resolves to `undefined` (read: gone; delete: already deleted). */
export async function attemptUnlessGone<T>(op: Operation, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw operationError(op, err);
  }
}
