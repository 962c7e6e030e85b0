/**
 * Prints the model summary (layer id, kind, NHWC output shape, parameters) and the total, like torchsummary in the
 * tutorial. Pure shape arithmetic: no backend, no tensors.
 *
 *   npm run summary -- --model resnet20            # Total params: 272,490
 *   npm run summary -- --model resnet20-a --depth 56 --json
 */
import { parseArgs } from 'node:util';
import { configFromOptions, describeConfig, formatSummary, summarize } from '../src/core/model/index.ts';

const USAGE = `Usage: npm run summary -- [--model <preset>] [--depth N] [--widths 16,32,64] [--shortcut projection|zeropad]
  [--skips all|none|1,0,...] [--stem-bias true|false] [--classes K] [--json]
  presets: resnet20 resnet32 resnet44 resnet56 resnet110 (option B, as the tutorial), the same with -a (option A,
  the paper), plain20 ... plain110 (no shortcuts). --depth takes any 6n+2 and keeps the preset's family.`;

function fail(msg: string): never {
  console.error(`error: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        model: { type: 'string' }, depth: { type: 'string' }, widths: { type: 'string' }, shortcut: { type: 'string' },
        skips: { type: 'string' }, 'stem-bias': { type: 'string' }, classes: { type: 'string' }, json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  let config;
  try {
    config = configFromOptions({ ...values, stemBias: values['stem-bias'] });
  } catch (e) {
    fail((e as Error).message);
  }
  const summary = summarize(config);
  if (values.json) {
    console.log(JSON.stringify({ model: describeConfig(config), config, ...summary }));
    return;
  }
  console.log(`${describeConfig(config)}\n${formatSummary(summary)}`);
}

main();
