#!/usr/bin/env node
// Committed rather than built: npm links a workspace's commands at `npm ci`, before the first build
// exists, and skips a bin whose file is missing (see provider/bin/twilio-serverless-review.js).
"use strict";
require("../dist/cli.js").run();
