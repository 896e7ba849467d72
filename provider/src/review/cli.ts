#!/usr/bin/env node
/**
 * `twilio-serverless-review [--output FILE] [--allow-visibility-escalation] [FILE]` (the
 * package's bin): reads a preview (an event log or `--json` output, from FILE or standard input),
 * prints the review as Markdown, and exits 0 (may go ahead), 1 (fails review) or 2 (bad usage or
 * input). See `texts.ts` for the usage.
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_ROWS, renderMarkdown, renderSummary } from "./markdown";
import { parsePreview, PreviewInputError } from "./preview";
import { exitStatus, reviewPreview } from "./review";
import { reviewTexts as t } from "./texts";

export interface CliOptions {
  /** The preview's file; undefined or `-` for standard input. */
  input?: string;
  output?: string;
  allowVisibilityEscalation: boolean;
  maxRows: number;
}

export const USAGE_ERROR = 2;

/** Where the command writes (the process's streams; a test's buffers). */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The command line's options, or "help"; throws PreviewInputError on bad usage. */
export function parseCli(argv: string[]): CliOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        output: { type: "string", short: "o" },
        "allow-visibility-escalation": { type: "boolean" },
        "max-rows": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new PreviewInputError(t.badUsage((err as Error).message));
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) throw new PreviewInputError(t.badUsage(`Expected one input file, got ${positionals.length}.`));
  const rows = values["max-rows"];
  const maxRows = rows === undefined ? DEFAULT_MAX_ROWS : Number(rows);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new PreviewInputError(t.badMaxRows(rows ?? ""));
  return {
    input: positionals[0],
    output: values.output,
    allowVisibilityEscalation: values["allow-visibility-escalation"] ?? false,
    maxRows,
  };
}

function readInput(input: string | undefined): { text: string; source: string } {
  const stdin = input === undefined || input === "-";
  const source = stdin ? t.standardInput : input;
  try {
    return { text: fs.readFileSync(stdin ? 0 : input, "utf8"), source };
  } catch (err) {
    throw new PreviewInputError(t.unreadable(source, (err as Error).message));
  }
}

function writeOutput(file: string, markdown: string): void {
  try {
    fs.writeFileSync(file, markdown);
  } catch (err) {
    throw new PreviewInputError(t.unwritable(file, (err as Error).message));
  }
}

/** Runs the command; answers its exit status. */
export function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): number {
  try {
    const opts = parseCli(argv);
    if (opts === "help") {
      io.stdout.write(`${t.usage}\n`);
      return 0;
    }
    const { text, source } = readInput(opts.input);
    const review = reviewPreview(parsePreview(text, source), opts);
    const markdown = renderMarkdown(review, opts);
    if (opts.output) {
      writeOutput(opts.output, markdown);
      io.stdout.write(renderSummary(review, opts.output));
    } else {
      io.stdout.write(markdown);
    }
    return exitStatus(review);
  } catch (err) {
    if (!(err instanceof PreviewInputError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return USAGE_ERROR;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
