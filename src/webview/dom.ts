// Tiny DOM builders. Text goes in through textContent only: nothing from the backlog ever reaches innerHTML,
// and no attribute is an event handler (listeners are added with addEventListener).

type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;
type Child = Node | string | null | undefined | false;

/** Creates an element; attribute values are set with setAttribute (`on*` names are refused), children appended. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    // Defence in depth: no attribute set here may become script.
    if (/^on/i.test(name)) throw new Error(`h(): event handler attribute ${name}`);
    if (name === 'class') el.className = String(v);
    else el.setAttribute(name, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

/** Appends children; strings become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A codicon (decorative unless a label is given). */
export function icon(name: string, label?: string): HTMLSpanElement {
  const el = h('span', { class: `codicon codicon-${name}` });
  if (label) {
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', label);
  } else {
    el.setAttribute('aria-hidden', 'true');
  }
  return el;
}

/** A toolbar-style icon button with an accessible name and a tooltip. */
export function iconButton(name: string, label: string, attrs: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, ...attrs }, icon(name));
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.textContent = '';
  append(el, ...children);
}

/**
 * Puts `desired` as the children of `parent` with few DOM moves: nodes on a longest increasing run of their old
 * positions stay, the rest are inserted; nodes not desired are removed. A single moved card costs one insertBefore.
 */
export function reconcileChildren(parent: Element, desired: readonly Node[]): void {
  const oldIndex = new Map<Node, number>();
  let i = 0;
  for (let c = parent.firstChild; c; c = c.nextSibling) oldIndex.set(c, i++);
  const keep = new Set<Node>();
  for (const n of desired) if (oldIndex.has(n)) keep.add(n);
  for (let c = parent.firstChild; c; ) {
    const next = c.nextSibling;
    if (!keep.has(c)) parent.removeChild(c);
    c = next;
  }
  // Longest increasing subsequence of old positions among desired nodes that stayed.
  const positions: number[] = [];
  const nodes: Node[] = [];
  for (const n of desired) {
    const p = oldIndex.get(n);
    if (p !== undefined) {
      positions.push(p);
      nodes.push(n);
    }
  }
  const stable = new Set<Node>(lis(positions).map((k) => nodes[k]));
  // Walk backwards, inserting every node that is not stable before its successor.
  let anchor: Node | null = null;
  for (let k = desired.length - 1; k >= 0; k--) {
    const n = desired[k];
    if (!stable.has(n)) parent.insertBefore(n, anchor);
    anchor = n;
  }
}

/** Indexes (into `a`) of one longest strictly increasing subsequence. O(n log n). */
function lis(a: readonly number[]): number[] {
  const tails: number[] = [];
  const prev: number[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[tails[mid]] < a[i]) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) out.push(k);
  return out.reverse();
}
