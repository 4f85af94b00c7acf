import type { Command } from 'commander';

/**
 * Makes a second use of a one-value option a usage error naming it (`--region a --region b`),
 * where commander would silently keep the last. Options in `repeatable` collect every use; flags
 * without a value may be given twice, which changes nothing.
 */
export function rejectRepeatedOptions(cmd: Command, repeatable: ReadonlySet<string>): Command {
  for (const option of cmd.options) {
    const takesValue = option.required || option.optional;
    if (!takesValue || option.variadic || repeatable.has(option.long ?? '')) continue;
    let uses = 0;
    cmd.on(`option:${option.name()}`, () => {
      uses += 1;
      if (uses < 2) return;
      cmd.error(`option '${option.flags}' given more than once; it takes one value`, {
        exitCode: 2,
        code: 'sortie.repeatedOption',
      });
    });
  }
  return cmd;
}
