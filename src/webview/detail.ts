// The detail pane: everything about the selected item, and the edits the board offers (criteria, value statement,
// status, estimate). Each edit is sent as an intent; the pane shows the last snapshot until the next one arrives.
// The pane is rebuilt only when the selected item's content changes, and then keeps focus, text selection and
// half-typed drafts (a snapshot that arrives while the user types must not eat their text).
import type { BoardItem, BoardSnapshot, WebviewMessage } from '../shared/protocol';
import { h, icon, iconButton, replaceChildren } from './dom';
import { statusClass } from './cards';
import { contentSignature, criterionMoveTarget, groupChoiceLabel, type MoveKey, oneLine, problemsTooltip, progressText, statusChoices, valueFields } from './view-model';

export interface DetailHost {
  readonly version: () => number;
  /** Sends an intent; marks `pendingEl` as pending. False when the message was refused locally. */
  readonly send: (msg: WebviewMessage, pendingEl?: Element | null) => boolean;
  readonly notify: (text: string) => void;
  /** Moves item `item` into group `group` (the snapshot's index); `el` shows the pending state. */
  readonly moveToGroup: (item: number, group: number, el: Element) => void;
  /** Focus back to the selected card (Escape). */
  readonly returnFocus: () => void;
}

const OTHER = '\u0000other';
const MOVE_KEYS: Readonly<Record<string, MoveKey>> = { ArrowUp: 'up', ArrowDown: 'down', Home: 'top', End: 'bottom' };

export class DetailPane {
  readonly root: HTMLElement;
  private renderedKey = '';
  private item: BoardItem | null = null;
  /** Identity of the item the drafts belong to. */
  private draftOwner = '';
  private readonly drafts = new Map<string, string>();
  /** Criterion being edited inline. */
  private editing: number | null = null;
  /** Where focus goes after the next rebuild (follows a moved or removed criterion). */
  private focusAfter: string | null = null;

  constructor(private readonly host: DetailHost) {
    this.root = h('aside', { class: 'detail-pane', 'aria-label': 'Item detail' });
    this.root.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      this.host.returnFocus();
    });
    this.root.addEventListener('input', (e) => {
      const t = e.target as HTMLInputElement;
      const name = t.dataset.draft;
      if (name) this.drafts.set(name, t.value);
    });
  }

  /** Shows `item` (null: nothing selected). Rebuilds only when what it shows changed, or when `force`. */
  render(snapshot: BoardSnapshot, item: BoardItem | null, force = false): void {
    const owner = item ? (item.id !== null ? `id:${item.id}` : `#${item.index}`) : '';
    if (owner !== this.draftOwner) {
      this.drafts.clear();
      this.editing = null;
      this.draftOwner = owner;
    }
    const groups = snapshot.groups.map((g, gi) => `${g.path.join('/')}:${groupChoiceLabel(snapshot, gi)}`).join('\u0000');
    const key = item ? `${item.index}|${contentSignature(item)}|${statusChoices(snapshot).join('\u0000')}|${groups}` : '';
    if (!force && key === this.renderedKey && this.root.firstChild) return;
    this.renderedKey = key;
    this.item = item;

    const active = document.activeElement as HTMLElement | null;
    const hadFocus = !!active && this.root.contains(active);
    // `focusAfter` anticipates the answer to our own edit; a forced render (the edit was refused) ignores it.
    const after = force ? null : this.focusAfter;
    const focusKey = after ?? (hadFocus ? active!.dataset.focusKey ?? null : null);
    const sel = hadFocus && active instanceof HTMLInputElement && !after ? [active.selectionStart, active.selectionEnd] : null;
    this.focusAfter = null;

    if (!item) {
      if (this.editing !== null) this.editing = null;
      replaceChildren(
        this.root,
        h('div', { class: 'detail-empty' }, h('p', {}, 'Select an item to see its details and edit it.'), h('p', { class: 'hint' }, 'Enter on a card opens it here.')),
      );
      return;
    }
    if (this.editing !== null && this.editing >= item.criteria.length) this.editing = null;
    replaceChildren(this.root, this.header(item), this.fields(snapshot, item), this.valueSection(item), this.criteriaSection(item), this.problemsSection(item));

    if (hadFocus || focusKey) {
      const el = focusKey ? this.root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`) : null;
      if (el) {
        el.focus({ preventScroll: false });
        if (sel && el instanceof HTMLInputElement && sel[0] !== null) el.setSelectionRange(sel[0], sel[1]);
      } else if (hadFocus) {
        this.root.querySelector<HTMLElement>('h2')?.focus();
      }
    }
  }

  /** Moves focus to the heading (Enter on a card). */
  focus(): void {
    this.root.querySelector<HTMLElement>('h2')?.focus();
  }

  private draft(name: string, current: string): string {
    return this.drafts.get(name) ?? current;
  }

  private send(msg: WebviewMessage, pendingEl?: Element | null): boolean {
    return this.host.send(msg, pendingEl);
  }

  // ------------------------------------------------------------------------------------------- header

  private header(item: BoardItem): HTMLElement {
    const reveal = iconButton('go-to-file', 'Show in editor', { 'data-focus-key': 'reveal' });
    reveal.addEventListener('click', () => this.send({ type: 'revealItem', item: item.index }));
    // Accept shows the criteria and the Definition of Done as a checklist in VS Code; Reject asks for the reason.
    const accept = iconButton('pass', 'Accept item…', { 'data-focus-key': 'accept' });
    accept.addEventListener('click', () => this.send({ type: 'decideItem', version: this.host.version(), item: item.index, decision: 'accept' }));
    const reject = iconButton('circle-slash', 'Reject item…', { 'data-focus-key': 'reject' });
    reject.addEventListener('click', () => this.send({ type: 'decideItem', version: this.host.version(), item: item.index, decision: 'reject' }));
    return h(
      'div',
      { class: 'detail-header' },
      h(
        'h2',
        { tabindex: -1, 'data-focus-key': 'heading' },
        h('span', { class: 'detail-rank', title: 'Rank' }, `#${item.rank}`),
        item.id ? h('span', { class: 'detail-id' }, item.id) : null,
        h('span', { class: 'detail-title' }, item.title || '(untitled)'),
      ),
      accept,
      reject,
      reveal,
    );
  }

  // ------------------------------------------------------------------------------------------- fields

  private fields(snapshot: BoardSnapshot, item: BoardItem): HTMLElement {
    const current = item.status?.raw ?? '';
    const select = h('select', { id: 'detail-status', 'data-focus-key': 'status', title: 'Status: choose a value, or Other… to type one' });
    if (!item.status) select.append(h('option', { value: '', selected: true, disabled: true }, '(no status)'));
    const choices = statusChoices(snapshot);
    if (current && !choices.some((c) => c === current)) choices.unshift(current);
    for (const c of choices) select.append(h('option', { value: c, selected: c === current }, c));
    select.append(h('option', { value: OTHER }, 'Other…'));

    const other = h('input', {
      type: 'text',
      class: 'status-custom',
      'aria-label': 'Status (free text)',
      placeholder: 'Type a status, Enter to set',
      maxlength: 200,
      'data-focus-key': 'status-other',
      'data-draft': 'status-other',
      value: this.draft('status-other', ''),
      hidden: !this.drafts.has('status-other'),
    });
    const setStatus = (value: string, el: Element): void => {
      const v = oneLine(value).trim();
      if (v === '' || v === current) return;
      this.drafts.delete('status-other');
      this.send({ type: 'setField', version: this.host.version(), item: item.index, field: 'status', value: v }, el);
    };
    select.addEventListener('change', () => {
      if (select.value === OTHER) {
        other.hidden = false;
        this.drafts.set('status-other', other.value);
        other.focus();
        return;
      }
      setStatus(select.value, select);
    });
    other.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        setStatus(other.value, other);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.drafts.delete('status-other');
        other.hidden = true;
        select.value = current || '';
        select.focus();
      }
    });

    const estimate = h('input', {
      type: 'text',
      id: 'detail-estimate',
      class: 'estimate-input',
      placeholder: 'e.g. 3 SP',
      maxlength: 200,
      title: 'Estimate: Enter saves, Escape reverts',
      'data-focus-key': 'estimate',
      'data-draft': 'estimate',
      value: this.draft('estimate', item.estimate ?? ''),
    });
    estimate.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        const v = oneLine(estimate.value).trim();
        if (v === (item.estimate ?? '')) return;
        if (this.send({ type: 'setField', version: this.host.version(), item: item.index, field: 'estimate', value: v }, estimate)) this.drafts.delete('estimate');
      } else if (e.key === 'Escape' && estimate.value !== (item.estimate ?? '')) {
        e.preventDefault();
        e.stopPropagation();
        this.drafts.delete('estimate');
        estimate.value = item.estimate ?? '';
      }
    });

    return h(
      'dl',
      { class: 'detail-fields' },
      h('dt', {}, h('label', { for: 'detail-status' }, 'Status')),
      h('dd', { class: 'status-field' }, item.status ? h('span', { class: statusClass(item.status.kind), 'aria-hidden': 'true' }) : null, select, other),
      h('dt', {}, h('label', { for: 'detail-estimate' }, 'Estimate')),
      h('dd', {}, estimate),
      h('dt', {}, 'Owner'),
      h('dd', { class: item.owner ? '' : 'muted' }, item.owner ?? '—'),
      h('dt', {}, snapshot.groups.length > 0 ? h('label', { for: 'detail-group' }, 'Group') : 'Group'),
      snapshot.groups.length > 0 ? h('dd', { class: 'group-field' }, this.groupPicker(snapshot, item)) : h('dd', { class: item.group ? '' : 'muted' }, item.group ?? '—'),
      ...this.forecastRow(snapshot, item),
    );
  }

  /** The item's forecast sprint at 50% and 85% (open items, when there is a forecast). */
  private forecastRow(snapshot: BoardSnapshot, item: BoardItem): HTMLElement[] {
    const f = snapshot.forecast?.items.find((x) => x.index === item.index);
    if (!f) return [];
    const s = (n: number | null) => (n === null ? 'later' : `sprint ${n}`);
    const text = f.p50 === f.p85 ? `${s(f.p50)} (50% and 85%)` : `${s(f.p50)} (50%) · ${s(f.p85)} (85%)`;
    return [h('dt', {}, 'Forecast'), h('dd', { class: 'detail-forecast' }, text)];
  }

  /** Move to group…: the groups of the file (empty ones too: the way into them); choosing one moves the item. */
  private groupPicker(snapshot: BoardSnapshot, item: BoardItem): HTMLSelectElement {
    const select = h('select', { id: 'detail-group', 'data-focus-key': 'group', title: 'Move to group…: choose a group; the item goes after its last item, or into it when it is empty' });
    if (item.groupIndex < 0) select.append(h('option', { value: '', selected: true, disabled: true }, '(no group)'));
    snapshot.groups.forEach((_, gi) => select.append(h('option', { value: String(gi), selected: gi === item.groupIndex }, groupChoiceLabel(snapshot, gi))));
    select.addEventListener('change', () => {
      const group = Number(select.value);
      if (select.value === '' || group === item.groupIndex) return;
      this.host.moveToGroup(item.index, group, select);
    });
    return select;
  }

  // ------------------------------------------------------------------------------------------- value statement

  private valueSection(item: BoardItem): HTMLElement {
    const cur = valueFields(item);
    const input = (name: 'role' | 'want' | 'benefit', label: string, placeholder: string): HTMLInputElement =>
      h('input', {
        type: 'text',
        id: `vs-${name}`,
        'aria-label': label,
        placeholder,
        maxlength: 2000,
        'data-focus-key': `vs-${name}`,
        'data-draft': `vs-${name}`,
        value: this.draft(`vs-${name}`, cur[name]),
      });
    const role = input('role', 'As a (role)', 'role');
    const want = input('want', 'I want (goal)', 'goal');
    const benefit = input('benefit', 'so that (benefit)', 'benefit (optional)');
    const save = h('button', { type: 'button', class: 'button primary', 'data-focus-key': 'vs-save' }, item.value ? 'Save' : 'Add value statement');
    const revert = h('button', { type: 'button', class: 'button secondary', 'data-focus-key': 'vs-revert' }, 'Revert');
    const parts = (): { role: string; want: string; benefit: string } => ({
      role: oneLine(role.value).trim(),
      want: oneLine(want.value).trim(),
      benefit: oneLine(benefit.value).trim(),
    });
    const changed = (): boolean => {
      const p = parts();
      return p.role !== cur.role.trim() || p.want !== cur.want.trim() || p.benefit !== cur.benefit.trim();
    };
    const valid = (): boolean => parts().role !== '' && parts().want !== '';
    const refresh = (): void => {
      save.disabled = !changed() || !valid();
      revert.disabled = !changed();
      save.title = valid() ? 'Save the value statement (Enter)' : 'A value statement needs a role and a goal';
    };
    const submit = (): void => {
      if (!changed()) return;
      if (!valid()) {
        this.host.notify('A value statement needs a role and a goal.');
        return;
      }
      const p = parts();
      const form = save.closest('.vs-form');
      if (this.send({ type: 'setValueStatement', version: this.host.version(), item: item.index, ...p }, form)) {
        for (const k of ['vs-role', 'vs-want', 'vs-benefit']) this.drafts.delete(k);
      }
    };
    const doRevert = (): void => {
      for (const k of ['vs-role', 'vs-want', 'vs-benefit']) this.drafts.delete(k);
      role.value = cur.role;
      want.value = cur.want;
      benefit.value = cur.benefit;
      refresh();
    };
    for (const el of [role, want, benefit]) {
      el.addEventListener('input', refresh);
      el.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          submit();
        } else if (e.key === 'Escape' && changed()) {
          e.preventDefault();
          e.stopPropagation();
          doRevert();
        }
      });
    }
    save.addEventListener('click', submit);
    revert.addEventListener('click', doRevert);
    refresh();
    return h(
      'section',
      { class: 'detail-section', 'aria-labelledby': 'vs-heading' },
      h('h3', { id: 'vs-heading' }, 'Value statement'),
      h(
        'div',
        { class: 'vs-form' },
        h('label', { for: 'vs-role' }, 'As a'),
        role,
        h('label', { for: 'vs-want' }, 'I want'),
        want,
        h('label', { for: 'vs-benefit' }, 'so that'),
        benefit,
        h('div', { class: 'vs-actions' }, save, revert),
      ),
    );
  }

  // ------------------------------------------------------------------------------------------- criteria

  private criteriaSection(item: BoardItem): HTMLElement {
    const n = item.criteria.length;
    const list = h('ul', { class: 'criteria-list', 'aria-labelledby': 'criteria-heading' });
    item.criteria.forEach((c, i) => list.append(this.criterionRow(item, i)));
    const add = h('input', {
      type: 'text',
      class: 'add-criterion',
      'aria-label': 'New acceptance criterion',
      placeholder: 'Add a criterion, Enter to add',
      maxlength: 2000,
      'data-focus-key': 'add-criterion',
      'data-draft': 'add-criterion',
      value: this.draft('add-criterion', ''),
    });
    add.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      const text = oneLine(add.value).trim();
      if (text === '') return;
      if (this.send({ type: 'addCriterion', version: this.host.version(), item: item.index, text }, add)) {
        add.value = '';
        this.drafts.delete('add-criterion');
      }
    });
    const meter = h('div', { class: 'meter', role: 'progressbar', 'aria-label': 'Criteria done', 'aria-valuemin': 0, 'aria-valuemax': n, 'aria-valuenow': item.progress.done });
    const fill = h('div', { class: 'meter-fill' });
    fill.style.width = n ? `${(100 * item.progress.done) / n}%` : '0';
    meter.append(fill);
    return h(
      'section',
      { class: 'detail-section', 'aria-labelledby': 'criteria-heading' },
      h('h3', { id: 'criteria-heading' }, 'Acceptance criteria', n ? h('span', { class: 'section-count' }, progressText(item.progress)) : null),
      n ? meter : null,
      n ? list : h('p', { class: 'muted' }, 'No acceptance criteria yet.'),
      add,
      n > 1 ? h('p', { class: 'hint' }, 'Click a criterion to edit it. Alt+↑/↓ moves it.') : null,
    );
  }

  private criterionRow(item: BoardItem, i: number): HTMLElement {
    const c = item.criteria[i];
    const n = item.criteria.length;
    const version = this.host.version;
    const check = h('input', {
      type: 'checkbox',
      checked: c.done === true,
      'aria-label': `Done: ${c.text}`,
      title: c.done === null ? 'Written without a checkbox; checking adds one' : c.done ? 'Uncheck' : 'Check',
      'data-focus-key': `crit-check-${i}`,
    });
    const row = h('li', { class: `criterion${c.done ? ' is-done' : ''}`, 'data-criterion': i }, check);
    check.addEventListener('change', () => {
      this.send({ type: 'toggleCriterion', version: version(), item: item.index, criterion: i }, row);
    });

    if (this.editing === i) {
      const input = h('input', {
        type: 'text',
        class: 'criterion-input',
        'aria-label': `Edit criterion ${i + 1}`,
        maxlength: 2000,
        'data-focus-key': `crit-edit-${i}`,
        'data-draft': `crit-edit-${i}`,
        value: this.draft(`crit-edit-${i}`, c.text),
      });
      const stop = (focusText: boolean): void => {
        this.editing = null;
        this.drafts.delete(`crit-edit-${i}`);
        if (focusText) this.focusAfter = `crit-text-${i}`;
        this.rerender();
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          const text = oneLine(input.value).trim();
          if (text === '') {
            this.host.notify('A criterion cannot be empty; use Remove to delete it.');
            return;
          }
          if (text !== c.text) this.send({ type: 'editCriterion', version: version(), item: item.index, criterion: i, text }, row);
          stop(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          stop(true);
        }
      });
      // Leaving the field cancels (Enter is the only way to save), so a click elsewhere never writes by surprise.
      input.addEventListener('blur', () => {
        if (this.editing === i && input.isConnected) setTimeout(() => this.editing === i && stop(false), 0);
      });
      row.append(input);
    } else {
      const text = h('button', { type: 'button', class: 'criterion-text', title: 'Edit (Enter or click)', 'data-focus-key': `crit-text-${i}` }, c.text);
      text.addEventListener('click', () => {
        this.editing = i;
        this.focusAfter = `crit-edit-${i}`;
        this.rerender();
      });
      row.append(text);
    }

    const move = (key: MoveKey, focusKey: string | undefined): void => {
      const to = criterionMoveTarget(n, i, key);
      if (to === null) return;
      if (this.send({ type: 'moveCriterion', version: version(), item: item.index, from: i, to }, row)) {
        // Focus follows the criterion to where it will be once the snapshot arrives.
        if (focusKey) this.focusAfter = focusKey.replace(/-\d+$/, `-${to}`);
      }
    };
    const up = iconButton('arrow-up', 'Move criterion up (Alt+↑)', { 'data-focus-key': `crit-up-${i}`, disabled: i === 0 });
    const down = iconButton('arrow-down', 'Move criterion down (Alt+↓)', { 'data-focus-key': `crit-down-${i}`, disabled: i === n - 1 });
    const remove = iconButton('trash', 'Remove criterion', { 'data-focus-key': `crit-remove-${i}` });
    up.addEventListener('click', () => move('up', `crit-up-${i}`));
    down.addEventListener('click', () => move('down', `crit-down-${i}`));
    remove.addEventListener('click', () => {
      if (this.send({ type: 'removeCriterion', version: version(), item: item.index, criterion: i }, row)) {
        this.focusAfter = n > 1 ? `crit-remove-${Math.min(i, n - 2)}` : 'add-criterion';
      }
    });
    row.append(h('span', { class: 'criterion-actions' }, up, down, remove));
    row.addEventListener('keydown', (e) => {
      const key = MOVE_KEYS[e.key];
      if (!key || !e.altKey || e.ctrlKey || e.metaKey || (e.target as Element).classList.contains('criterion-input')) return;
      e.preventDefault();
      move(key, (e.target as HTMLElement).dataset.focusKey);
    });
    return row;
  }

  private rerender(): void {
    if (!this.item) return;
    const active = document.activeElement as HTMLElement | null;
    const focusKey = this.focusAfter ?? (active && this.root.contains(active) ? active.dataset.focusKey ?? null : null);
    this.focusAfter = null;
    const section = this.root.querySelector('.criteria-list');
    const item = this.item;
    if (section) {
      replaceChildren(section, ...item.criteria.map((_, i) => this.criterionRow(item, i)));
      if (focusKey) this.root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
    }
  }

  // ------------------------------------------------------------------------------------------- problems

  private problemsSection(item: BoardItem): HTMLElement | null {
    if (!item.problems.length) return null;
    const ul = h('ul', { class: 'problem-list' });
    for (const p of item.problems) {
      ul.append(h('li', { class: `problem-${p.severity}`, title: problemsTooltip([p]) }, icon(p.severity, p.severity), h('span', { class: 'problem-message' }, p.message), h('code', { class: 'problem-rule' }, p.ruleId)));
    }
    return h('section', { class: 'detail-section', 'aria-labelledby': 'problems-heading' }, h('h3', { id: 'problems-heading' }, 'Problems', h('span', { class: 'section-count' }, String(item.problems.length))), ul);
  }
}

