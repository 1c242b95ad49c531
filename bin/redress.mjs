#!/usr/bin/env node
// The installed `redress` command: runs the built CLI, building it first if needed.
import { buildAll, isStale } from '../scripts/build.mjs';

if (isStale()) await buildAll({ quiet: true });
const { runCli } = await import('../dist/server/main.js');
runCli(process.argv.slice(2));
