#!/usr/bin/env node
// Committed rather than built: npm links a workspace's commands at `npm ci`, before the first build
// exists, and skips a bin whose file is missing. `npx twilio-serverless-review` in this repository's
// examples would then look for a package of that name in the registry.
"use strict";
process.exitCode = require("../dist/review/cli.js").main(process.argv.slice(2));
