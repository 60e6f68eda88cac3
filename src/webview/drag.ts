// Reordering cards with the pointer: Pointer Events, so mouse, pen and touch take the same path (HTML5 dragstart
// does not fire for touch). A mouse drags from anywhere on a card; touch drags from the grip only, so that a finger
// on a card still scrolls the list. The board does not move the card: on drop it sends `moveItem` and waits for the
// next snapshot; while dragging it shows a ghost and a drop indicator line.
import { h } from './dom';
import { dropTarget, slotAt } from './view-model';

export interface DragOptions {
  /** The element whose children are the sections and cards; the indicator is positioned inside it. */
  readonly listbox: HTMLElement;
  readonly indicator: HTMLElement;
  /** The visible cards, top to bottom. */
  readonly cards: () => readonly HTMLElement[];
  readonly itemCount: () => number;
  /** The element that scrolls the list (the list pane in the wide layout, the page in the narrow one). */
  readonly scroller: () => HTMLElement;
  /** False while dragging must not start (no snapshot yet). */
  readonly enabled: () => boolean;
  /** Text of the ghost that follows the pointer. */
  readonly label: (index: number) => string;
  readonly onDrop: (from: number, to: number) => void;
  readonly onStateChange?: (dragging: boolean) => void;
}

interface Pending {
  readonly pointerId: number;
  readonly x: number;
  readonly y: number;
  readonly from: number;
  readonly card: HTMLElement;
}

interface Active extends Pending {
  readonly ghost: HTMLElement;
  /** Card boxes relative to the listbox top, measured once when the drag starts. */
  readonly boxes: { index: number; top: number; bottom: number }[];
  target: number | null;
  lastX: number;
  lastY: number;
  scrollSpeed: number;
  frame: number;
}

const THRESHOLD_PX = 5;
const EDGE_PX = 36;

export class DragController {
  private pending: Pending | null = null;
  private active: Active | null = null;
  private readonly onMove = (e: PointerEvent): void => this.move(e);
  private readonly onUp = (e: PointerEvent): void => this.up(e);
  private readonly onCancel = (e: PointerEvent): void => {
    if (this.pending && e.pointerId === this.pending.pointerId) this.cancel();
  };
  private readonly onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape' && this.active) {
      e.preventDefault();
      e.stopPropagation();
      this.cancel();
    }
  };

  constructor(private readonly o: DragOptions) {
    o.listbox.addEventListener('pointerdown', (e) => this.down(e));
  }

  get dragging(): boolean {
    return this.active !== null;
  }

  private down(e: PointerEvent): void {
    if (this.pending || !this.o.enabled() || !e.isPrimary || e.button !== 0) return;
    const target = e.target as Element;
    const card = target.closest<HTMLElement>('.card');
    if (!card || target.closest('input, button, select, textarea, a')) return;
    // Touch and pen scroll the page from the card body; only the grip (touch-action: none) starts a drag.
    if (e.pointerType !== 'mouse' && !target.closest('.card-grip')) return;
    this.pending = { pointerId: e.pointerId, x: e.clientX, y: e.clientY, from: Number(card.dataset.index), card };
    window.addEventListener('pointermove', this.onMove, true);
    window.addEventListener('pointerup', this.onUp, true);
    window.addEventListener('pointercancel', this.onCancel, true);
    window.addEventListener('keydown', this.onKey, true);
  }

  private move(e: PointerEvent): void {
    const p = this.pending;
    if (!p || e.pointerId !== p.pointerId) return;
    if (!this.active) {
      if (Math.hypot(e.clientX - p.x, e.clientY - p.y) < THRESHOLD_PX) return;
      this.start(p);
    }
    e.preventDefault();
    const a = this.active!;
    a.lastX = e.clientX;
    a.lastY = e.clientY;
    this.update();
  }

  private start(p: Pending): void {
    try {
      // Keeps move/up events coming when the pointer leaves the webview; synthetic pointers have nothing to capture.
      p.card.setPointerCapture(p.pointerId);
    } catch {
      /* not an active pointer */
    }
    const origin = this.o.listbox.getBoundingClientRect().top;
    const boxes = this.o.cards().map((el) => {
      const r = el.getBoundingClientRect();
      return { index: Number(el.dataset.index), top: r.top - origin, bottom: r.bottom - origin };
    });
    const ghost = h('div', { class: 'drag-ghost', 'aria-hidden': 'true' }, this.o.label(p.from));
    document.body.append(ghost);
    p.card.classList.add('is-dragging');
    this.active = { ...p, ghost, boxes, target: null, lastX: p.x, lastY: p.y, scrollSpeed: 0, frame: 0 };
    this.o.onStateChange?.(true);
  }

  /** Moves the ghost and the indicator to the pointer; scrolls when the pointer is near the scroller's edge. */
  private update(): void {
    const a = this.active!;
    a.ghost.style.transform = `translate(${Math.round(a.lastX + 12)}px, ${Math.round(a.lastY + 8)}px)`;
    const listTop = this.o.listbox.getBoundingClientRect().top;
    const slot = slotAt(a.boxes, a.lastY - listTop);
    a.target = slot === null ? null : dropTarget(a.from, slot, this.o.itemCount());
    const ind = this.o.indicator;
    if (slot === null || a.target === null) {
      ind.hidden = true;
    } else {
      const before = a.boxes.find((b) => b.index === slot);
      const last = a.boxes[a.boxes.length - 1];
      const y = before ? before.top - 3 : last.bottom + 2;
      ind.hidden = false;
      ind.style.transform = `translateY(${Math.round(y)}px)`;
    }
    const sc = this.o.scroller();
    const r = sc === document.scrollingElement ? { top: 0, bottom: window.innerHeight } : sc.getBoundingClientRect();
    a.scrollSpeed = a.lastY < r.top + EDGE_PX ? -Math.ceil((r.top + EDGE_PX - a.lastY) / 3) : a.lastY > r.bottom - EDGE_PX ? Math.ceil((a.lastY - (r.bottom - EDGE_PX)) / 3) : 0;
    if (a.scrollSpeed && !a.frame) a.frame = requestAnimationFrame(() => this.autoScroll());
  }

  private autoScroll(): void {
    const a = this.active;
    if (!a) return;
    a.frame = 0;
    if (!a.scrollSpeed) return;
    const sc = this.o.scroller();
    const before = sc.scrollTop;
    sc.scrollTop += a.scrollSpeed;
    if (sc.scrollTop !== before) this.update();
    else a.scrollSpeed = 0;
    if (a.scrollSpeed && !a.frame) a.frame = requestAnimationFrame(() => this.autoScroll());
  }

  private up(e: PointerEvent): void {
    const p = this.pending;
    if (!p || e.pointerId !== p.pointerId) return;
    const a = this.active;
    if (a) {
      a.lastX = e.clientX;
      a.lastY = e.clientY;
      this.update();
      const target = a.target;
      this.swallowNextClick();
      this.cancel();
      if (target !== null) this.o.onDrop(a.from, target);
    } else {
      this.cancel();
    }
  }

  /** The click that ends a drag must not also select the card under the pointer. */
  private swallowNextClick(): void {
    const swallow = (ev: MouseEvent): void => {
      ev.stopPropagation();
      ev.preventDefault();
    };
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, true), 0);
  }

  /** Ends a drag (or a press that never became one) without dropping. */
  cancel(): void {
    const a = this.active;
    if (a) {
      if (a.frame) cancelAnimationFrame(a.frame);
      a.ghost.remove();
      a.card.classList.remove('is-dragging');
      this.o.indicator.hidden = true;
      try {
        a.card.releasePointerCapture(a.pointerId);
      } catch {
        /* already released */
      }
    }
    this.pending = null;
    this.active = null;
    window.removeEventListener('pointermove', this.onMove, true);
    window.removeEventListener('pointerup', this.onUp, true);
    window.removeEventListener('pointercancel', this.onCancel, true);
    window.removeEventListener('keydown', this.onKey, true);
    if (a) this.o.onStateChange?.(false);
  }
}
