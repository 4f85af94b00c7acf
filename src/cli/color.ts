import { Option, type Command } from 'commander';
import type { ChalkInstance } from 'chalk';
import { PLAIN, type Style } from '../report/render/style.js';
import type { Io } from './io.js';

export const COLOR_CHOICES = ['auto', 'always', 'never'] as const;
export type ColorWhen = (typeof COLOR_CHOICES)[number];

/** `--color auto|always|never`, for the commands that print tables. */
export function addColorOption(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--color <when>',
      'colour the tables: auto (only on a terminal, unless NO_COLOR is set), always or never',
    )
      .choices(COLOR_CHOICES)
      .default('auto'),
  );
}

/**
 * Whether to colour, as ripgrep decides: `--color always|never` wins; else FORCE_COLOR (set and
 * not "0"/"false") forces colour on and NO_COLOR (set, not empty) turns it off, FORCE_COLOR first
 * as in Node itself; else colour only when the output is a terminal (not --out, not TERM=dumb).
 */
export function wantsColor(when: ColorWhen, io: Io, toFile: boolean): boolean {
  if (when !== 'auto') return when === 'always';
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY && !toFile && io.env.TERM !== 'dumb';
}

/**
 * Colours from a chalk instance. Each hook passes chalk exactly one string: given more (as
 * `array.map(chalk.red)` does), chalk joins them all into one (issue 12).
 */
export function chalkStyle(chalk: ChalkInstance): Style {
  return {
    header: (text) => chalk.bold(text),
    title: (text) => chalk.bold(text),
    surge: (text) => chalk.red.bold(text),
    dim: (text) => chalk.dim(text),
  };
}

/** The style for a command's text output; chalk loads only when colour is wanted. */
export async function outputStyle(
  opts: { color: ColorWhen; out?: string | undefined },
  io: Io,
): Promise<Style> {
  const toFile = opts.out !== undefined && opts.out !== '-';
  // Tables fit a terminal; a file or a pipe gets every column.
  const columns = io.stdoutIsTTY && !toFile ? io.stdoutColumns : undefined;
  const width = columns !== undefined && columns > 0 ? { width: columns } : {};
  if (!wantsColor(opts.color, io, toFile)) return { ...PLAIN, ...width };
  const { Chalk } = await import('chalk');
  // 16 colours are all the styles need, and every colour terminal has them.
  return { ...chalkStyle(new Chalk({ level: 1 })), ...width };
}
