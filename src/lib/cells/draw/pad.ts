import { SIDE } from './downscale';

/**
 * The drawing surface: pointer events (mouse, pen, touch) on a canvas, with the
 * ink kept in the alpha channel so reading it back is independent of the colour.
 */
export class DrawPad {
  private drawing = false;
  private last: { x: number; y: number } | null = null;
  private readonly ctx: CanvasRenderingContext2D;
  /** Whether anything is on the pad. */
  dirty = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onStroke: () => void) {
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('DrawPad: no 2D canvas context');
    this.ctx = ctx;
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel'] as const) canvas.addEventListener(type, (e) => this.up(e));
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * this.canvas.width) / rect.width, y: ((e.clientY - rect.top) * this.canvas.height) / rect.height };
  }

  private stroke(to: { x: number; y: number }): void {
    const { ctx } = this;
    // MNIST strokes are about 1/14 of the image side once the digit fills its 20-px box.
    ctx.lineWidth = this.canvas.width / 14;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = getComputedStyle(this.canvas).color || '#000';
    ctx.beginPath();
    const from = this.last ?? to;
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from === to ? 0.01 : 0), to.y);
    ctx.stroke();
    this.last = to;
    this.dirty = true;
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.drawing = true;
    this.last = null;
    this.stroke(this.point(e));
  }

  private move(e: PointerEvent): void {
    if (!this.drawing) return;
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [e];
    for (const ev of events.length > 0 ? events : [e]) this.stroke(this.point(ev));
  }

  private up(e: PointerEvent): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.last = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.onStroke();
  }

  /** Empties the pad. */
  clear(): void {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.dirty = false;
  }

  /** The ink (alpha channel) as width×height values in [0, 1]. */
  ink(): Float32Array {
    const { width, height } = this.canvas;
    const data = this.ctx.getImageData(0, 0, width, height).data;
    const out = new Float32Array(width * height);
    for (let i = 0; i < out.length; i++) out[i] = (data[i * 4 + 3] ?? 0) / 255;
    return out;
  }

  /** Paints a 28×28 digit (0–255) onto the pad, enlarged, so the student sees what was picked. */
  showDigit(pixels: Uint8Array): void {
    this.clear();
    const color = getComputedStyle(this.canvas).color || '#000';
    const cell = this.canvas.width / SIDE;
    this.ctx.fillStyle = color;
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = pixels[i] ?? 0;
      if (v === 0) continue;
      this.ctx.globalAlpha = v / 255;
      this.ctx.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
    }
    this.ctx.globalAlpha = 1;
    this.dirty = true;
  }
}
