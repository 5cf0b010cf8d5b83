import { translator, type Translate } from '../i18n';

/**
 * <predict-prompt>: enables "Show the answer" once a choice is made; the answer then shows
 * which choice the reference results support, and the reasoning. Touches its own subtree only.
 */
class PredictPrompt extends HTMLElement {
  private t: Translate = (k) => k;

  connectedCallback(): void {
    if (this.dataset['ready'] !== undefined) return;
    this.dataset['ready'] = '';
    this.t = translator(JSON.parse(this.dataset['strings'] ?? '{}') as Record<string, string>);
    const reveal = this.querySelector<HTMLButtonElement>('[data-role="reveal"]')!;
    const radios = [...this.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    for (const r of radios) r.addEventListener('change', () => (reveal.disabled = false));
    reveal.addEventListener('click', () => this.show(radios));
  }

  private show(radios: HTMLInputElement[]): void {
    const chosen = radios.findIndex((r) => r.checked);
    if (chosen < 0) return;
    const answer = Number(this.dataset['answer']);
    const label = (i: number) => radios[i]?.parentElement?.textContent?.trim() ?? '';
    const verdict = this.querySelector<HTMLElement>('[data-role="verdict"]')!;
    verdict.textContent = chosen === answer
      ? this.t('predict.right', { choice: label(answer) })
      : this.t('predict.wrong', { chosen: label(chosen), choice: label(answer) });
    for (const [i, r] of radios.entries()) r.parentElement?.classList.toggle('pp-supported', i === answer);
    this.querySelector<HTMLElement>('[data-role="answer"]')!.hidden = false;
    this.querySelector<HTMLElement>('[data-role="hint"]')!.hidden = true;
  }
}

/** Registers <predict-prompt> once. */
export function definePredictPrompt(): void {
  if (!customElements.get('predict-prompt')) customElements.define('predict-prompt', PredictPrompt);
}
