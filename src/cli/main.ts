// The tokex command line. Each part of the exchange registers its own subcommands (its cli.ts); this file
// only gathers them, so that `tokex --help` lists the whole exchange.

import { Command } from 'commander';
import { register as registerCluster } from '../cluster/cli.js';
import { register as registerGateway } from '../gateway/cli.js';
import { register as registerHistory } from '../history/cli.js';
import { register as registerIndex } from '../index/cli.js';
import { register as registerJournal } from '../journal/cli.js';
import { register as registerProducts } from '../products/cli.js';
import { register as registerSettle } from '../server/settle-cli.js';
import { register as registerSim } from '../sim/cli.js';
import { register as registerSnapshot } from '../server/snapshot-cli.js';

const program = new Command();
program
  .name('tokex')
  .description('tokex: an exchange for AI-token futures and GPU-hour futures')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

// Registrations: one line per part. Keep alphabetical.
registerCluster(program);
registerGateway(program);
registerHistory(program);
registerIndex(program);
registerJournal(program);
registerProducts(program);
registerSettle(program);
registerSim(program);
registerSnapshot(program);

await program.parseAsync(process.argv);
