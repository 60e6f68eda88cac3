// The extension's one bundle (dist/extension.js). On the extension host's thread it is the extension; in a worker
// thread it is the workspace index's or the forecast's worker (the role comes in workerData). One bundle carries the
// core, the parser and yaml once: three bundles carried them three times (1.3 MB minified, a 561 KB .vsix).
// `require` keeps each side lazy (esbuild runs a required module only when it is required): a worker never loads
// `vscode`, which exists only on the extension host's thread.
/* eslint-disable @typescript-eslint/no-require-imports */
import { isMainThread, workerData } from 'node:worker_threads';

if (isMainThread) module.exports = require('./extension');
else if ((workerData as { role?: 'index' | 'forecast' } | null)?.role === 'forecast') require('./forecast-worker');
else require('./index-worker');
