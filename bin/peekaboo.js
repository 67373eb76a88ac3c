#!/usr/bin/env node
// CommonJS on purpose (see bin/package.json): requiring one bundled file starts faster
// than loading ES modules.
require('../dist/cli.cjs');
