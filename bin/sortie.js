#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS script ~5 ms sooner than an ES module.
'use strict';
const { launch, exitWhenWritten } = require('../dist/bundle/launch.cjs');

launch(process.argv.slice(2)).then(exitWhenWritten);
