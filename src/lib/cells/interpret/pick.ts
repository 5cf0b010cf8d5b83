import type { ModelKind } from '../../train/protocol';
import type { RunSource } from './sources';

/** The run whose evaluation a per-model chart shows: the student's if it has one, else the reference. */
export function evaluatedRun(sources: readonly RunSource[], model: ModelKind): RunSource | null {
  const has = (kind: RunSource['kind']) => sources.find((s) => s.kind === kind && s.model === model && s.result?.evaluation);
  return has('student') ?? has('reference') ?? null;
}
