import type { Lang, Translate, UiKey } from '../i18n';
import { checkOptions, type FieldError, type OptionErrors } from '../models/options';
import type { BackendChoice, TrainOptions } from '../train/protocol';

/** The options a student can edit, in form order; the others come from the last preset applied. */
export const FORM_FIELDS = ['epochs', 'trainSize', 'batchSize', 'learningRate', 'seed'] as const;
/** One editable option. */
export type FormField = (typeof FORM_FIELDS)[number];

const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu', 'webgpu'];

/**
 * A number as the form shows it: digits as typed (no grouping, "60000"), with the
 * language's decimal mark ("0,001" in French). Both marks are read back (checkOptions).
 */
export function formatFieldValue(lang: Lang, value: number): string {
  const text = String(value);
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** The student-facing message for a refused field (a decimal bound in the page's notation). */
export function fieldMessage(t: Translate, error: FieldError, lang: Lang = 'en'): string {
  const key: UiKey = `opt.error.${error.code}`;
  return t(key, error.limit === undefined ? undefined : { limit: formatFieldValue(lang, error.limit) });
}

/** Validates the form's text values on top of `base` (the preset's hidden fields, e.g. testSize). */
export function validateForm(
  base: Readonly<TrainOptions>,
  values: Readonly<Partial<Record<FormField, string>>>,
): { ok: true; options: TrainOptions } | { ok: false; errors: OptionErrors } {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) raw[key] = String(value);
  for (const field of FORM_FIELDS) {
    const value = values[field];
    if (value !== undefined) raw[field] = value;
  }
  return checkOptions(raw);
}

/** Reads a backend choice, falling back to 'auto' for anything unexpected. */
export function toBackend(value: string | undefined): BackendChoice {
  return (BACKENDS as readonly string[]).includes(value ?? '') ? (value as BackendChoice) : 'auto';
}

/** The DOM side of the form: reading, presets and per-field messages (aria-invalid + aria-describedby). */
export class OptionsForm {
  private base: TrainOptions;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly t: Translate,
    preset: Readonly<TrainOptions>,
    private readonly lang: Lang = 'en',
  ) {
    this.base = { ...preset };
  }

  private input(field: FormField): HTMLInputElement | null {
    return this.form.querySelector<HTMLInputElement>(`[name="${field}"]`);
  }

  /** Fills the form from a preset (also the base of its hidden fields) and clears old messages. */
  applyPreset(preset: Readonly<TrainOptions>): void {
    this.base = { ...preset };
    for (const field of FORM_FIELDS) {
      const input = this.input(field);
      if (input) input.value = formatFieldValue(this.lang, preset[field]);
    }
    this.showErrors({});
  }

  /** The chosen backend. */
  backend(): BackendChoice {
    return toBackend(this.form.querySelector<HTMLSelectElement>('[name="backend"]')?.value);
  }

  /** Validates; on failure marks each bad field and returns null (nothing reaches the trainer). */
  read(): TrainOptions | null {
    const values: Partial<Record<FormField, string>> = {};
    for (const field of FORM_FIELDS) {
      const input = this.input(field);
      if (input) values[field] = input.value;
    }
    const result = validateForm(this.base, values);
    this.showErrors(result.ok ? {} : result.errors);
    if (!result.ok) {
      const first = FORM_FIELDS.find((f) => result.errors[f] !== undefined);
      if (first) this.input(first)?.focus();
      return null;
    }
    return result.options;
  }

  /** Shows (or clears) each field's message next to it. */
  showErrors(errors: OptionErrors): void {
    for (const field of FORM_FIELDS) {
      const input = this.input(field);
      const message = input ? this.form.querySelector<HTMLElement>(`#${input.id}-error`) : null;
      if (!input || !message) continue;
      const error = errors[field];
      message.textContent = error ? fieldMessage(this.t, error, this.lang) : '';
      message.hidden = !error;
      if (error) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  /**
   * Calls `run` when the form is submitted, navigation prevented. Enter in a text field
   * submits it: with several text fields and no submit button (Run sits outside the form
   * and doubles as Stop), browsers would otherwise ignore it.
   */
  onSubmit(run: () => void): void {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      run();
    });
    this.form.addEventListener('keydown', (event) => {
      // Shift+Enter is the cell's own shortcut; Enter while an IME composes picks a word.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      const target = event.target as Element | null;
      if (!target?.matches('input[type=text], input[type=number], input:not([type])')) return;
      event.preventDefault();
      this.form.requestSubmit();
    });
  }

  /** Disables the inputs during a run (changing them then would be ignored anyway). */
  setDisabled(disabled: boolean): void {
    for (const el of this.form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('input, select, button')) {
      el.disabled = disabled;
    }
  }
}
