/** The version the CLI reports and writes into every JSON output (matches package.json). */
export const VERSION = '0.1.0';
