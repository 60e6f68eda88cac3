// Cards: one element per backlog item, cached by position + ID. A new snapshot keeps every card whose item did not
// change; a card whose item only moved is reused with its rank patched; only changed items are built again.
// Cards are built lazily, when first shown. All text goes in through textContent (see dom.ts).
import type { BoardItem, BoardSnapshot } from '../shared/protocol';
import { h, icon } from './dom';
import { contentSignature, itemKey, problemSummary, problemsTooltip, progressText, STATUS_LABEL } from './view-model';

interface Entry {
  el: HTMLElement;
  sig: string;
  item: BoardItem;
}

/** The element of item `index`, as rendered; `dataset.index` is the item's position. */
export type CardElement = HTMLElement & { dataset: { index: string } };

export class CardCache {
  private entries = new Map<string, Entry>();
  private sigs: string[] = [];
  private snapshot: BoardSnapshot | null = null;
  /** How many cards were built (not reused) since the last call to takeBuildCount(): for tests and tuning. */
  private built = 0;

  /** Adopts a new snapshot: keeps cards of unchanged items, re-keys moved ones, forgets the rest. */
  update(snapshot: BoardSnapshot): void {
    const old = this.entries;
    const next = new Map<string, Entry>();
    const sigs = snapshot.items.map(contentSignature);
    const unmatched: number[] = [];
    for (const item of snapshot.items) {
      const key = itemKey(item);
      const e = old.get(key);
      if (e && e.sig === sigs[item.index]) {
        old.delete(key);
        e.item = item;
        next.set(key, e);
      } else {
        unmatched.push(item.index);
      }
    }
    // Cards left over (their item moved or changed) are reused for an item with the same content elsewhere.
    const pool = new Map<string, Entry[]>();
    for (const e of old.values()) {
      const list = pool.get(e.sig);
      if (list) list.push(e);
      else pool.set(e.sig, [e]);
    }
    for (const i of unmatched) {
      const item = snapshot.items[i];
      const e = pool.get(sigs[i])?.pop();
      if (!e) continue;
      e.item = item;
      patchPosition(e.el, item);
      next.set(itemKey(item), e);
    }
    this.entries = next;
    this.sigs = sigs;
    this.snapshot = snapshot;
  }

  /** The card of item `index` in the current snapshot, built on first use. */
  card(index: number): CardElement {
    const item = this.snapshot!.items[index];
    const key = itemKey(item);
    let e = this.entries.get(key);
    if (!e) {
      e = { el: buildCard(item), sig: this.sigs[index], item };
      this.built++;
      this.entries.set(key, e);
    }
    return e.el as CardElement;
  }

  /** The card of item `index` if it has been built. */
  existing(index: number): CardElement | undefined {
    const item = this.snapshot?.items[index];
    return item ? (this.entries.get(itemKey(item))?.el as CardElement | undefined) : undefined;
  }

  /** Forgets every card (a rejected edit re-renders from scratch). */
  clear(): void {
    this.entries.clear();
  }

  takeBuildCount(): number {
    const n = this.built;
    this.built = 0;
    return n;
  }
}

function cardLabel(item: BoardItem): string {
  const parts = [`${item.rank}.`, item.id ?? '', item.title];
  const label = [parts.filter((p) => p !== '').join(' ')];
  if (item.status) label.push(item.status.raw);
  if (item.progress.total) label.push(`${item.progress.done} of ${item.progress.total} criteria done`);
  if (item.problems.length) label.push(`${item.problems.length} problem${item.problems.length === 1 ? '' : 's'}`);
  return label.join(', ');
}

/** The rank element of each card, so that a move patches ranks without querying the DOM. */
const rankOf = new WeakMap<HTMLElement, HTMLElement>();

function patchPosition(el: HTMLElement, item: BoardItem): void {
  el.dataset.index = String(item.index);
  el.setAttribute('aria-label', cardLabel(item));
  const rank = rankOf.get(el);
  if (rank) rank.textContent = String(item.rank);
}

/** `status-in-progress`, for the pill colour; unknown words get the neutral pill. */
export function statusClass(kind: string | null): string {
  return `status-pill status-${kind ?? 'other'}`;
}

function buildCard(item: BoardItem): HTMLElement {
  const summary = problemSummary(item.problems);
  const badges = h('span', { class: 'card-badges' });
  if (item.status) {
    badges.append(h('span', { class: statusClass(item.status.kind), title: item.status.kind ? `Status: ${STATUS_LABEL[item.status.kind]}` : 'Status' }, item.status.raw));
  }
  if (item.estimate) badges.append(h('span', { class: 'estimate-pill', title: 'Estimate' }, item.estimate));
  if (item.progress.total) {
    const complete = item.progress.done === item.progress.total;
    badges.append(
      h(
        'span',
        { class: `progress${complete ? ' is-complete' : ''}`, title: `${item.progress.done} of ${item.progress.total} acceptance criteria done` },
        icon(complete ? 'pass' : 'checklist'),
        progressText(item.progress),
      ),
    );
  }
  for (const sev of ['error', 'warning', 'info'] as const) {
    const n = summary[sev];
    if (!n) continue;
    const these = item.problems.filter((p) => p.severity === sev);
    badges.append(h('span', { class: `problem-badge problem-${sev}`, title: problemsTooltip(these) }, icon(sev), String(n)));
  }

  const rank = h('span', { class: 'card-rank' }, String(item.rank));
  const head = h(
    'div',
    { class: 'card-head' },
    rank,
    item.id ? h('span', { class: 'card-id' }, item.id) : null,
    h('span', { class: 'card-title' }, item.title || '(untitled)'),
    badges,
  );

  const body = h('div', { class: 'card-body' }, head);

  // The rest shows only in the "detail" density (CSS hides it in "list"), so switching density builds nothing.
  const more = h('div', { class: 'card-more' });
  if (item.owner || item.group) {
    more.append(
      h(
        'div',
        { class: 'card-meta' },
        item.owner ? h('span', { class: 'card-owner', title: 'Owner' }, icon('person'), item.owner) : null,
        item.group ? h('span', { class: 'card-group', title: 'Group' }, icon('folder'), item.group) : null,
      ),
    );
  }
  if (item.value) more.append(valueStatement(item));
  if (item.criteria.length) {
    const ul = h('ul', { class: 'card-criteria', 'aria-label': 'Acceptance criteria' });
    for (const c of item.criteria) {
      ul.append(h('li', { class: c.done ? 'is-done' : '' }, icon(c.done ? 'pass-filled' : 'circle-large-outline'), h('span', {}, c.text)));
    }
    more.append(ul);
  }
  if (item.problems.length) {
    const ul = h('ul', { class: 'card-problems', 'aria-label': 'Problems' });
    for (const p of item.problems) ul.append(h('li', { class: `problem-${p.severity}` }, icon(p.severity), h('span', {}, p.message)));
    more.append(ul);
  }
  if (more.firstChild) body.append(more);

  const el = h(
    'div',
    { class: 'card', role: 'option', tabindex: -1, 'aria-selected': 'false', 'data-index': item.index, 'aria-label': cardLabel(item) },
    h('span', { class: 'card-grip', title: 'Drag to reorder (or Alt+↑/↓)', 'aria-hidden': 'true' }, icon('gripper')),
    body,
  );
  if (summary.worst) el.classList.add(`has-${summary.worst}`);
  rankOf.set(el, rank);
  return el;
}

/** "As a <role>, I want <want>, so that <benefit>" with the parts marked up for the eye. */
export function valueStatement(item: BoardItem): HTMLElement {
  const v = item.value!;
  return h(
    'p',
    { class: 'value-statement' },
    v.role !== null ? h('span', { class: 'vs-label' }, 'As a ') : null,
    v.role !== null ? h('span', { class: 'vs-role' }, v.role) : null,
    v.role !== null ? h('span', { class: 'vs-label' }, ', I want ') : null,
    h('span', { class: 'vs-want' }, v.want),
    v.benefit !== null ? h('span', { class: 'vs-label' }, ', so that ') : null,
    v.benefit !== null ? h('span', { class: 'vs-benefit' }, v.benefit) : null,
  );
}
