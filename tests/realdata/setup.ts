import { requireRealdata } from './realdata.js';

/** Vitest global setup for the real-data suite: stop the whole run when the samples are missing. */
export default function setup(): void {
  requireRealdata();
}
