/**
 * Errors in what a program declares: a folder that is missing, a file over Twilio's limit, a
 * Serverless Toolkit project that cannot be read, a component argument out of range. They are
 * found while the program runs, where Pulumi prints an Error as "unhandled exception" with its
 * stack: a crash of ours, to the reader. These are the user's to fix, so a component rethrows them
 * as Pulumi ResourceErrors with the stack hidden (Pulumi then prints the message, on the
 * component), as a config error prints one clean line; the stack goes to the debug log, which
 * `pulumi up --debug` shows.
 */
import * as pulumi from "@pulumi/pulumi";

export class DeclarationError extends Error {
  override readonly name = "DeclarationError";
}

/** Runs `declare` for `component`: a DeclarationError it throws comes out as Pulumi prints one cleanly. */
export function declaring<T>(component: pulumi.ComponentResource, declare: () => T): T {
  try {
    return declare();
  } catch (err) {
    if (!(err instanceof DeclarationError)) throw err;
    void pulumi.log.debug(err.stack ?? err.message, component);
    throw new pulumi.ResourceError(err.message, component, true);
  }
}
