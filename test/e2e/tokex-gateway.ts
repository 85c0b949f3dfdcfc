// The tokex command line with only the gateway's commands registered, as src/cli/main.ts registers them:
// the CLI tests run it many times, and loading every part of the exchange each time costs seconds.

import { Command } from 'commander';
import { register } from '../../src/gateway/cli.js';

const program = new Command().name('tokex').showHelpAfterError();
register(program);
await program.parseAsync(process.argv);
