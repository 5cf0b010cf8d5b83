// Shared by the Node entries of `npm run reference` and `npm run experiments`.
import { execFileSync } from 'node:child_process';

/**
 * The commit the run's code comes from, read when the run starts (commits made while it goes
 * on must not be credited with it), naming the uncommitted files of src/lib and scripts if any.
 */
export function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src/lib', 'scripts'], { encoding: 'utf8' })
      .split('\n').filter((l) => l.trim() !== '').map((l) => l.slice(3));
    return dirty.length > 0 ? `${commit} with uncommitted changes to ${dirty.join(', ')}` : commit;
  } catch {
    return 'unknown (no git)';
  }
}
