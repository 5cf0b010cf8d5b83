// "Auto" remembers what it measured: per model, the fastest backend of this browser with the
// measured rates, the browser and the date. A choice from another browser or site version,
// or a damaged entry, is ignored (and measured again).
import type { BackendRate, Measurement } from '../backends/measure';
import type { BackendName, ModelKind } from '../train/protocol';
import { openStorage } from './runs';
import { buildInfo } from './run-file';

/** Bumped when the stored shape changes. */
export const CHOICE_VERSION = 1;

/** What is stored for one model. */
export interface BackendChoiceEntry {
  version: number;
  model: ModelKind;
  backend: BackendName;
  rates: BackendRate[];
  /** navigator.userAgent when measured: a browser update can change which backend is fastest. */
  browser: string;
  /** The site's version when measured: new code can change the speeds too. */
  site: string;
  date: string;
}

/** Who is asking: the current browser and site version. */
export interface ChoiceContext {
  browser: string;
  site: string;
}

const BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The localStorage key of a model's measured choice. */
export function choiceKey(model: ModelKind): string {
  return `cnn-lstm-mnist:backend:${model}`;
}

function isRate(r: unknown): r is BackendRate {
  const o = r as BackendRate | null;
  return !!o && BACKENDS.includes(o.backend) && (o.examplesPerSecond === null || (typeof o.examplesPerSecond === 'number' && o.examplesPerSecond > 0))
    && (o.reason === null || typeof o.reason === 'string') && typeof o.seconds === 'number';
}

/** The stored choice for `model`, or null when missing, damaged, or from another browser or site version. */
export function readChoice(storage: Storage | null, model: ModelKind, ctx: ChoiceContext): BackendChoiceEntry | null {
  let raw: string | null;
  try {
    raw = storage?.getItem(choiceKey(model)) ?? null;
  } catch {
    return null;
  }
  if (raw === null) return null;
  let e: BackendChoiceEntry;
  try {
    e = JSON.parse(raw) as BackendChoiceEntry;
  } catch {
    return null;
  }
  const valid = !!e && e.version === CHOICE_VERSION && e.model === model && BACKENDS.includes(e.backend) && Array.isArray(e.rates) && e.rates.every(isRate)
    && e.rates.some((r) => r.backend === e.backend && r.examplesPerSecond !== null) && typeof e.date === 'string' && !Number.isNaN(Date.parse(e.date));
  if (!valid || e.browser !== ctx.browser || e.site !== ctx.site) return null;
  return e;
}

/** Stores a measurement as the model's choice; never throws (a full or blocked storage only means measuring again next time). */
export function writeChoice(storage: Storage | null, m: Measurement, ctx: ChoiceContext, now: Date = new Date()): BackendChoiceEntry {
  const entry: BackendChoiceEntry = { version: CHOICE_VERSION, model: m.model, backend: m.picked, rates: m.rates, browser: ctx.browser, site: ctx.site, date: now.toISOString() };
  try {
    storage?.setItem(choiceKey(m.model), JSON.stringify(entry));
  } catch {
    // Not kept: the next training measures again, which is correct, only slower.
  }
  return entry;
}

/** Forgets the measured choices ("measure again"). */
export function clearChoices(storage: Storage | null): void {
  for (const model of ['cnn', 'lstm'] as const) {
    try {
      storage?.removeItem(choiceKey(model));
    } catch {
      // Nothing to forget where storage is blocked.
    }
  }
}

/** How much faster the picked backend was than the runner-up (null when it was the only one to start). */
export function speedup(rates: readonly BackendRate[], picked: BackendName): { over: BackendName; factor: number } | null {
  const mine = rates.find((r) => r.backend === picked)?.examplesPerSecond ?? null;
  const others = rates.filter((r) => r.backend !== picked && r.examplesPerSecond !== null).sort((a, b) => b.examplesPerSecond! - a.examplesPerSecond!);
  if (mine === null || others.length === 0) return null;
  return { over: others[0]!.backend, factor: mine / others[0]!.examplesPerSecond! };
}

/** Where 'auto' remembers its measurements: read and write one model's choice. */
export interface ChoiceMemory {
  read(model: ModelKind): BackendChoiceEntry | null;
  write(measurement: Measurement): BackendChoiceEntry;
}

/** This browser's memory of 'auto' (localStorage), keyed to the browser and the site's build; null outside a browser. */
export function browserAutoChoices(): ChoiceMemory | null {
  if (typeof navigator === 'undefined' || typeof localStorage === 'undefined') return null;
  const storage = openStorage();
  const { version, commit } = buildInfo();
  const ctx = { browser: navigator.userAgent, site: `${version}+${commit}` };
  return { read: (model) => readChoice(storage, model, ctx), write: (m) => writeChoice(storage, m, ctx) };
}
