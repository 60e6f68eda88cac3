// The board webview's entry point (bundled to media/dist/board.js as an IIFE).
//
// Renders the last `backlogDidChange` snapshot and nothing else: the document is the model. Every edit is an intent
// posted to the host, which plans the text edits with the core and answers with the next snapshot (or
// `editRejected`); meanwhile the board shows a pending state. Messages from the host pass `parseHostMessage`, and
// outgoing intents pass `parseWebviewMessage` too, so the board never sends what the host would refuse.
import { burnUpChart } from './chart';
import { type BoardForecast, type BoardItem, type BoardSnapshot, type HostMessage, type NoBacklogReason, parseHostMessage, parseWebviewMessage, type WebviewMessage } from '../shared/protocol';
import { CardCache, type CardElement } from './cards';
import { DetailPane } from './detail';
import { append, h, icon, iconButton, reconcileChildren, replaceChildren } from './dom';
import { DragController } from './drag';
import {
  type BoardViewState,
  clampRank,
  type FocusKey,
  groupMoveTarget,
  type ItemRef,
  keyboardMoveTarget,
  type MoveKey,
  nextFocus,
  oneLine,
  problemsTooltip,
  refOf,
  resolveRef,
  restoreViewState,
  sectionsOf,
  statusOptions,
  visibleItems,
} from './view-model';

/** Keys of the card list, shown in the help popup, the list's tooltip and docs/BOARD.md. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['↑ / ↓, Home / End', 'Focus the previous / next, first / last card'],
  ['Page Up / Page Down', 'Focus ten cards up / down'],
  ['Enter', 'Open the card in the detail pane'],
  ['Space', 'Select the card'],
  ['Alt+↑ / Alt+↓', 'Move the card up / down'],
  ['Alt+Home / Alt+End', 'Move the card to the top / bottom'],
  ['Escape', 'Back from the detail pane to the card; cancel a drag'],
  ['Drag a card (touch: its grip)', 'Reorder'],
  ['Double-click', 'Show the item in the editor'],
];

const FOCUS_KEYS: Readonly<Record<string, FocusKey>> = { ArrowUp: 'prev', ArrowDown: 'next', Home: 'first', End: 'last', PageUp: 'pageUp', PageDown: 'pageDown' };
const MOVE_KEYS: Readonly<Record<string, MoveKey>> = { ArrowUp: 'up', ArrowDown: 'down', Home: 'top', End: 'bottom' };
/** How long the pending state may last without an answer before the board shows the last snapshot again. */
const PENDING_TIMEOUT_MS = 8000;
const NOTICE_MS = 8000;
/**
 * Cards built synchronously when a snapshot arrives; the rest are built in later tasks of CHUNK cards each, so a
 * 1,000-item backlog paints its first screen at once and stays responsive. Cached cards cost nothing, so a
 * re-render after an edit (one changed card) always completes in the first pass.
 */
const FIRST_BUDGET = 120;
const CHUNK = 250;

interface SectionView {
  readonly el: HTMLElement;
  readonly header: HTMLElement;
}

/** Timing of the last render, read by the browser tests (`window.__boardStats`). */
export interface RenderStats {
  /** Duration of the last render pass, ms. */
  ms: number;
  /** Cards built (not reused) in the last pass. */
  built: number;
  visible: number;
  /** False while later chunks are still to come. */
  complete: boolean;
  /** How many render passes the last snapshot took. */
  passes: number;
  /** Validation of the last host message, ms. */
  parseMs: number;
}

class Board {
  private readonly api = acquireVsCodeApi();
  private ui: BoardViewState;
  private snapshot: BoardSnapshot | null = null;
  private version = 0;
  private visible: number[] = [];
  /** The card that holds the roving tabindex. */
  private focusIndex = -1;
  private tabbable: HTMLElement | null = null;
  private selectedEl: HTMLElement | null = null;
  private pendingEls = new Set<Element>();
  private pendingTimer = 0;
  /** Where focus and selection go when the next snapshot arrives (after our own move or new item). */
  private pendingFocus: ItemRef | null = null;
  private pendingSelect: ItemRef | null = null;
  /** A move key pressed while a move was in flight; replayed on the next snapshot so holding Alt+↓ works. */
  private queuedMove: MoveKey | null = null;
  /**
   * An edit made while the previous one is on its way (tick a criterion, then type a new one at once). Sent when
   * the answer arrives, against the new version and the item found again by ID, instead of being sent against the
   * old version and refused as stale.
   */
  private deferred: { readonly msg: WebviewMessage; readonly ref: ItemRef | null } | null = null;
  private scrollRestored = false;
  /** False while cards of the current view are still being built in chunks. */
  private complete = true;
  private chunkTimer = 0;
  private passes = 0;
  private saveTimer = 0;
  private noticeTimer = 0;
  private readonly sections = new Map<string, SectionView>();
  private readonly cards = new CardCache();
  private readonly detail: DetailPane;
  private readonly drag: DragController;

  // Static chrome, built once.
  private readonly root: HTMLElement;
  private readonly title = h('h1', { class: 'board-title' });
  private readonly count = h('span', { class: 'board-count' });
  private readonly filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter by ID, title or text', 'aria-label': 'Filter items', maxlength: 1000 });
  private readonly statusFilter = h('select', { class: 'status-filter', 'aria-label': 'Filter by status', title: 'Filter by status' });
  private readonly densityButton = iconButton('list-flat', 'Compact list', { 'aria-pressed': 'false', class: 'icon-button density-toggle' });
  private readonly newButton = iconButton('add', 'New item…', { 'aria-expanded': 'false', 'aria-controls': 'new-item-form' });
  private readonly notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  /** Tells screen readers where a moved card landed (visually hidden). */
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite' });
  /** ID or title of the card whose move is in flight, for the announcement. */
  private movingLabel: string | null = null;
  private readonly fileProblems = h('details', { class: 'file-problems', hidden: true });
  /** The forecast: a one-line summary that opens the burn-up chart (docs/FORECAST.md). */
  private readonly forecastSummary = h('summary', {});
  private readonly forecastText = h('p', { class: 'forecast-text' });
  private readonly forecastChart = h('div', { class: 'forecast-chart' });
  private readonly forecastPanel = h('details', { class: 'forecast-panel', hidden: true }, this.forecastSummary, this.forecastText, this.forecastChart);
  private lastBurnUp = '';
  /** Sprint dividers by their text, kept between renders so that unchanged ones stay in place. */
  private dividerEls = new Map<string, HTMLElement>();
  private readonly newForm = h('form', { class: 'new-item-form', id: 'new-item-form', hidden: true, novalidate: true, 'aria-label': 'New item' });
  private readonly newTitle = h('input', { type: 'text', id: 'new-item-title', placeholder: 'Title of the new item', maxlength: 2000, required: true });
  private readonly newRank = h('input', { type: 'number', id: 'new-item-rank', min: 1, step: 1, class: 'rank-input' });
  private readonly listPane = h('div', { class: 'list-pane' });
  private readonly listbox = h('div', { role: 'listbox', class: 'cards', 'aria-label': 'Backlog items', 'aria-describedby': 'board-keys' });
  private readonly indicator = h('div', { class: 'drop-indicator', hidden: true, 'aria-hidden': 'true' });
  private readonly empty = h('p', { class: 'empty', hidden: true });
  /** Shown instead of the board when there is no backlog to show: still searching, none, or a choice of several. */
  private readonly startPane = h('section', { class: 'board-start', hidden: true, 'aria-live': 'polite' });

  constructor(mount: HTMLElement) {
    this.ui = restoreViewState(this.api.getState());
    this.root = mount;
    this.detail = new DetailPane({
      version: () => this.version,
      send: (m, el) => this.send(m, el),
      moveToGroup: (item, group, el) => this.moveToGroup(item, group, el),
      notify: (t) => this.notify(t),
      returnFocus: () => this.focusCard(this.selectedIndex(), true),
    });
    this.drag = new DragController({
      listbox: this.listbox,
      indicator: this.indicator,
      cards: () => this.visibleCards(),
      itemCount: () => this.snapshot?.items.length ?? 0,
      scroller: () => this.scroller(),
      enabled: () => this.snapshot !== null,
      label: (i) => cardText(this.snapshot?.items[i]),
      onDrop: (from, to) => this.moveItem(from, to),
      onStateChange: (on) => this.root.classList.toggle('is-drag-active', on),
    });
    this.build();
  }

  // ------------------------------------------------------------------------------------------- chrome

  private build(): void {
    const keysText = KEY_HELP.map(([k, d]) => `${k}: ${d}`).join('\n');
    const help = h(
      'details',
      { class: 'help' },
      h('summary', { title: `Keyboard\n${keysText}`, 'aria-label': 'Keyboard help' }, icon('keyboard')),
      h('div', { class: 'help-popup', id: 'board-keys' }, h('strong', {}, 'Keyboard'), h('dl', {}, ...KEY_HELP.flatMap(([k, d]) => [h('dt', {}, k), h('dd', {}, d)]))),
    );
    this.densityButton.title = 'Compact list (toggle density)';

    const toolbar = h(
      'header',
      { class: 'toolbar' },
      h('div', { class: 'toolbar-title' }, this.title, this.count),
      h('div', { class: 'toolbar-controls' }, h('span', { class: 'filter-box' }, icon('filter'), this.filter), this.statusFilter, this.densityButton, this.newButton, help),
    );

    append(
      this.newForm,
      h('label', { for: 'new-item-title' }, 'Title'),
      this.newTitle,
      h('label', { for: 'new-item-rank' }, 'Rank'),
      this.newRank,
      h('button', { type: 'submit', class: 'button primary' }, 'Add item'),
      h('button', { type: 'button', class: 'button secondary', 'data-action': 'cancel' }, 'Cancel'),
    );

    this.listPane.append(this.listbox, this.empty);
    this.listbox.append(this.indicator);
    replaceChildren(
      this.root,
      toolbar,
      h('div', { class: 'pending-bar', 'aria-hidden': 'true' }),
      this.notice,
      this.newForm,
      this.fileProblems,
      this.forecastPanel,
      h('div', { class: 'main' }, this.listPane, this.detail.root),
      this.startPane,
      this.announcer,
    );
    this.root.removeAttribute('aria-busy');
    this.root.dataset.density = this.ui.density;
    this.filter.value = this.ui.filter;
    this.updateDensityButton();
    this.listbox.setAttribute('aria-busy', 'true');
    this.empty.hidden = false;
    this.empty.textContent = 'Loading backlog…';

    this.filter.addEventListener('input', () => {
      this.ui = { ...this.ui, filter: this.filter.value };
      this.save();
      this.render(false, FIRST_BUDGET);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.focusCard(this.visible[0] ?? -1, true);
      }
    });
    this.statusFilter.addEventListener('change', () => {
      this.ui = { ...this.ui, status: this.statusFilter.value };
      this.save();
      this.render(false, FIRST_BUDGET);
    });
    this.densityButton.addEventListener('click', () => {
      this.ui = { ...this.ui, density: this.ui.density === 'list' ? 'detail' : 'list' };
      this.root.dataset.density = this.ui.density;
      this.updateDensityButton();
      this.save();
    });
    this.newButton.addEventListener('click', () => this.toggleNewForm());
    this.newForm.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submitNewItem();
    });
    this.newForm.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.toggleNewForm(false);
      }
    });
    this.newForm.querySelector('[data-action="cancel"]')!.addEventListener('click', () => this.toggleNewForm(false));

    this.listbox.addEventListener('click', (e) => this.onCardClick(e));
    this.listbox.addEventListener('dblclick', (e) => {
      const card = (e.target as Element).closest<CardElement>('.card');
      if (card) this.send({ type: 'revealItem', item: Number(card.dataset.index) });
    });
    this.listbox.addEventListener('keydown', (e) => this.onListKey(e));
    this.listbox.addEventListener('focusin', (e) => {
      const card = (e.target as Element).closest<CardElement>('.card');
      if (card) this.setTabbable(Number(card.dataset.index));
    });
    // Scroll offsets are read here, where layout is clean, never in save() (that would force a layout per render).
    const onScroll = (): void => {
      if (!this.scrollRestored) return;
      this.ui = { ...this.ui, scrollTop: this.listPane.scrollTop, pageScrollY: window.scrollY };
      this.saveSoon();
    };
    this.listPane.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('scroll', onScroll, { passive: true });
  }

  private updateDensityButton(): void {
    const compact = this.ui.density === 'list';
    this.densityButton.setAttribute('aria-pressed', String(compact));
    this.densityButton.classList.toggle('is-checked', compact);
  }

  private toggleNewForm(open = this.newForm.hidden): void {
    this.newForm.hidden = !open;
    this.newButton.setAttribute('aria-expanded', String(open));
    if (open) {
      const n = this.snapshot?.items.length ?? 0;
      const sel = this.selectedIndex();
      this.newRank.max = String(n + 1);
      this.newRank.value = String(sel >= 0 ? sel + 2 : n + 1);
      this.newTitle.focus();
    } else {
      this.newButton.focus();
    }
  }

  private submitNewItem(): void {
    if (!this.snapshot) return;
    const title = oneLine(this.newTitle.value).trim();
    if (title === '') {
      this.notify('A new item needs a title.');
      this.newTitle.focus();
      return;
    }
    const n = this.snapshot.items.length;
    const rank = clampRank(Number(this.newRank.value || NaN), n);
    if (this.send({ type: 'newItem', version: this.version, rank, title }, this.newForm)) {
      this.pendingFocus = this.pendingSelect = { index: rank - 1, id: null };
      this.newTitle.value = '';
      this.newForm.hidden = true;
      this.newButton.setAttribute('aria-expanded', 'false');
    }
  }

  // ------------------------------------------------------------------------------------------- messages

  start(): void {
    window.addEventListener('message', (e: MessageEvent) => {
      const t0 = performance.now();
      const msg = parseHostMessage(e.data);
      this.stats({ parseMs: performance.now() - t0 });
      if (!msg) {
        console.warn('[backlog board] ignored a malformed message from the host');
        return;
      }
      this.onHostMessage(msg);
    });
    this.api.postMessage({ type: 'webviewDidLoad' } satisfies WebviewMessage);
  }

  private onHostMessage(msg: HostMessage): void {
    switch (msg.type) {
      case 'backlogDidChange':
        return this.onSnapshot(msg.version, msg.snapshot);
      case 'editRejected':
        return this.onRejected(msg.reason, msg.message);
      case 'focusItem':
        return this.revealCard(msg.index);
      case 'noBacklog':
        return this.onNoBacklog(msg.reason, msg.files);
    }
  }

  /**
   * No backlog to show. Tells "still searching" and "no backlog in this workspace" (with what helps: create one, the
   * setting that names backlog files) from a choice of several backlogs; "this backlog has no items" is a snapshot.
   */
  private onNoBacklog(reason: NoBacklogReason, files: readonly string[]): void {
    if (this.drag.dragging) this.drag.cancel();
    this.snapshot = null;
    this.clearPending();
    this.root.classList.add('is-no-backlog');
    this.listbox.removeAttribute('aria-busy');
    this.title.textContent = 'Backlog';
    this.title.title = '';
    this.count.textContent = '';
    const command = (label: string, command: 'createBacklog' | 'openSettings' | 'openBacklog', primary = false) => {
      const b = h('button', { type: 'button', class: `button ${primary ? 'primary' : 'secondary'}` }, label);
      b.addEventListener('click', () => this.send({ type: 'runCommand', command }));
      return b;
    };
    if (reason === 'loading') {
      replaceChildren(this.startPane, h('p', { class: 'start-lead' }, 'Looking for backlogs in the workspace…'));
    } else if (reason === 'none') {
      replaceChildren(
        this.startPane,
        h('h2', { class: 'start-title' }, 'No backlog found in this workspace'),
        h('p', {}, 'A backlog is a markdown file named BACKLOG.md, or any file the setting backlogAsCode.files names.'),
        h('div', { class: 'start-actions' }, command('Create BACKLOG.md', 'createBacklog', true), command('Open Settings', 'openSettings'), command('Open Backlog…', 'openBacklog')),
      );
    } else {
      const list = h('ul', { class: 'start-files', 'aria-label': 'Backlogs of this workspace' });
      files.forEach((name, i) => {
        const b = h('button', { type: 'button', class: 'start-file' }, icon('file'), h('span', {}, name));
        b.addEventListener('click', () => this.send({ type: 'chooseBacklog', file: i }));
        list.append(h('li', {}, b));
      });
      replaceChildren(this.startPane, h('h2', { class: 'start-title' }, `This workspace has ${files.length} backlogs`), h('p', {}, 'Choose the one to show:'), list);
    }
    this.startPane.hidden = false;
  }

  /** Validates and posts an intent. Edits (everything but load and reveal) put the board into the pending state. */
  private send(msg: WebviewMessage, pendingEl?: Element | null): boolean {
    const checked = parseWebviewMessage(msg);
    if (!checked) {
      this.notify('That text cannot be written: it is empty, too long, or not a single line.');
      return false;
    }
    const isEdit = checked.type !== 'revealItem' && checked.type !== 'webviewDidLoad' && checked.type !== 'chooseBacklog' && checked.type !== 'runCommand' && checked.type !== 'decideItem';
    if (isEdit && this.root.classList.contains('is-pending')) {
      if (this.deferred) {
        this.notify('The previous edits are still being written: try again in a moment.');
        return false;
      }
      const item = 'item' in checked && this.snapshot ? this.snapshot.items[checked.item] : undefined;
      this.deferred = { msg: checked, ref: item ? refOf(item) : null };
      if (pendingEl) {
        pendingEl.classList.add('is-pending');
        this.pendingEls.add(pendingEl);
      }
      return true;
    }
    this.api.postMessage(checked);
    if (isEdit) this.setPending(pendingEl ?? null);
    return true;
  }

  /** Sends the deferred edit against the snapshot that just arrived, or drops it when its item is gone. */
  private sendDeferred(snapshot: BoardSnapshot): void {
    const d = this.deferred;
    this.deferred = null;
    if (!d || d.msg.type === 'revealItem' || d.msg.type === 'webviewDidLoad') return;
    let msg = { ...d.msg, version: this.version } as WebviewMessage;
    if ('item' in msg && d.ref) {
      const index = resolveRef(snapshot, d.ref);
      if (index < 0) {
        this.notify('The item changed before your edit was sent, so nothing was changed.');
        return;
      }
      msg = { ...msg, item: index } as WebviewMessage;
    }
    this.send(msg);
  }

  private setPending(el: Element | null): void {
    this.root.classList.add('is-pending');
    this.listbox.setAttribute('aria-busy', 'true');
    if (el) {
      el.classList.add('is-pending');
      this.pendingEls.add(el);
    }
    clearTimeout(this.pendingTimer);
    this.pendingTimer = window.setTimeout(() => {
      // No answer: show the last snapshot again rather than a control that looks changed.
      this.clearPending();
      this.pendingFocus = this.pendingSelect = null;
      this.queuedMove = null;
      // An edit made while waiting is not sent against a snapshot that never came: say so rather than drop it silently.
      if (this.deferred) this.notify('The previous edit got no answer, so your last edit was not sent. Try again.', 'stale');
      this.deferred = null;
      this.movingLabel = null;
      this.render(true);
    }, PENDING_TIMEOUT_MS);
  }

  private clearPending(): void {
    clearTimeout(this.pendingTimer);
    this.root.classList.remove('is-pending');
    this.listbox.removeAttribute('aria-busy');
    for (const el of this.pendingEls) el.classList.remove('is-pending');
    this.pendingEls.clear();
  }

  private onSnapshot(version: number, snapshot: BoardSnapshot): void {
    if (this.drag.dragging) this.drag.cancel();
    this.root.classList.remove('is-no-backlog');
    this.startPane.hidden = true;
    this.snapshot = snapshot;
    this.version = version;
    this.clearPending();
    this.cards.update(snapshot);
    const listHadFocus = this.listbox.contains(document.activeElement);
    if (this.pendingSelect) {
      const i = resolveRef(snapshot, this.pendingSelect);
      this.ui = { ...this.ui, selected: i >= 0 ? refOf(snapshot.items[i]) : this.ui.selected };
    }
    this.pendingSelect = null;
    const sel = resolveRef(snapshot, this.ui.selected);
    this.ui = { ...this.ui, selected: sel >= 0 ? refOf(snapshot.items[sel]) : null };
    let focusTo = -1;
    if (this.pendingFocus) focusTo = resolveRef(snapshot, this.pendingFocus);
    this.pendingFocus = null;
    if (focusTo >= 0) this.focusIndex = focusTo;
    else if (this.focusIndex >= snapshot.items.length) this.focusIndex = snapshot.items.length - 1;
    this.passes = 0;
    this.render(false, FIRST_BUDGET);
    if (focusTo >= 0 && (listHadFocus || document.activeElement === document.body || this.listbox === document.activeElement)) this.focusCard(focusTo, true);
    else if (listHadFocus && !this.listbox.contains(document.activeElement)) this.focusCard(this.focusIndex, false);
    if (focusTo >= 0 && this.movingLabel) this.announcer.textContent = `${this.movingLabel} moved to rank ${focusTo + 1}.`;
    this.movingLabel = null;
    if (this.scrollRestored) this.save();
    const queued = this.queuedMove;
    this.queuedMove = null;
    if (queued && this.focusIndex >= 0) this.moveByKey(this.focusIndex, queued);
    else this.sendDeferred(snapshot);
  }

  private onRejected(reason: 'stale' | 'invalid' | 'failed', message: string): void {
    this.clearPending();
    this.pendingFocus = this.pendingSelect = null;
    this.movingLabel = null;
    this.queuedMove = null;
    this.deferred = null;
    const why =
      reason === 'stale'
        ? 'The backlog changed before the edit arrived, so nothing was changed. Try again.'
        : reason === 'invalid'
          ? 'The edit was not applied.'
          : 'The edit failed.';
    this.notify(message && reason !== 'stale' ? `${why} ${message}` : why, reason);
    this.render(true);
  }

  /** Shows a short message in the live region (read by screen readers); it fades after a few seconds. */
  private notify(text: string, kind = 'info'): void {
    const close = iconButton('close', 'Dismiss');
    close.addEventListener('click', () => this.hideNotice());
    replaceChildren(this.notice, icon(kind === 'info' ? 'info' : 'warning'), h('span', { class: 'notice-text' }, text), close);
    this.notice.dataset.kind = kind;
    this.notice.classList.add('is-visible');
    clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => this.hideNotice(), NOTICE_MS);
  }

  private hideNotice(): void {
    this.notice.classList.remove('is-visible');
    this.notice.textContent = '';
  }

  // ------------------------------------------------------------------------------------------- render

  /** Renders the last snapshot. `force` also rebuilds the detail pane (after a rejected or unanswered edit). */
  private render(force = false, budget = Infinity): void {
    const s = this.snapshot;
    if (!s) return;
    const t0 = performance.now();
    clearTimeout(this.chunkTimer);
    this.passes++;
    const n = s.items.length;
    this.title.textContent = s.fileName;
    this.title.title = s.fileName;
    this.updateStatusOptions(s);
    this.visible = visibleItems(s, this.ui.filter, this.ui.status);
    this.count.textContent = this.visible.length === n ? `${n} item${n === 1 ? '' : 's'}` : `${this.visible.length} of ${n} items`;

    const sections = sectionsOf(s, this.visible);
    const grouped = s.groups.length > 0;
    this.renderForecast(s.forecast);
    const ends = new Map((s.forecast?.dividers ?? []).map((d) => [d.afterIndex, d] as const));
    const dividers = new Map<string, HTMLElement>();
    const sectionEls: Node[] = [];
    const live = new Set<string>();
    let toBuild = budget;
    let truncated = false;
    for (const sec of sections) {
      // Within the budget, take the section's cards; stop at the first card that would exceed it.
      const cardEls: HTMLElement[] = [];
      for (const i of sec.items) {
        if (!this.cards.existing(i)) {
          if (toBuild <= 0) {
            truncated = true;
            break;
          }
          toBuild--;
        }
        cardEls.push(this.cards.card(i));
        const end = ends.get(i);
        if (end) cardEls.push(this.divider(end, dividers));
      }
      if (cardEls.length === 0) break;
      live.add(sec.key);
      let view = this.sections.get(sec.key);
      if (!view) {
        const id = `section-${this.sections.size}-${sec.key.replace(/[^\w-]/g, '_')}`;
        const header = h('div', { class: 'section-header', id, role: 'presentation' });
        view = { el: h('div', { class: 'section', role: 'group', 'aria-labelledby': id }), header };
        this.sections.set(sec.key, view);
      }
      const label = sec.title || (grouped ? 'Ungrouped' : '');
      view.header.hidden = label === '';
      replaceChildren(view.header, h('span', { class: 'section-title' }, label), h('span', { class: 'section-count' }, String(sec.items.length)));
      view.header.title = label;
      if (label === '') view.el.removeAttribute('aria-labelledby');
      else view.el.setAttribute('aria-labelledby', view.header.id);
      reconcileChildren(view.el, [view.header, ...cardEls]);
      sectionEls.push(view.el);
      if (truncated) break;
    }
    for (const k of [...this.sections.keys()]) if (!live.has(k)) this.sections.delete(k);
    this.dividerEls = dividers;
    reconcileChildren(this.listbox, [...sectionEls, this.indicator]);

    // Selection and the roving tabindex: touch only the cards that change.
    const sel = resolveRef(s, this.ui.selected);
    const selEl = sel >= 0 ? this.cards.existing(sel) ?? null : null;
    if (this.selectedEl && this.selectedEl !== selEl) this.selectedEl.setAttribute('aria-selected', 'false');
    if (selEl) selEl.setAttribute('aria-selected', 'true');
    this.selectedEl = selEl;
    const visibleSet = this.visible;
    const tab = visibleSet.includes(this.focusIndex) ? this.focusIndex : sel >= 0 && visibleSet.includes(sel) ? sel : visibleSet[0] ?? -1;
    this.setTabbable(tab);

    this.empty.hidden = this.visible.length > 0;
    this.empty.textContent = n === 0 ? `No items in ${s.fileName} yet. Use New item (+) to add one.` : 'No items match the filter.';
    this.listbox.removeAttribute('aria-busy');
    this.renderFileProblems(s);
    this.detail.render(s, sel >= 0 ? s.items[sel] : null, force);
    this.complete = !truncated;
    if (truncated) {
      this.chunkTimer = window.setTimeout(() => this.render(false, CHUNK), 0);
    } else if (!this.scrollRestored) {
      // Restore the scroll position once every card is there to scroll to.
      this.scrollRestored = true;
      this.listPane.scrollTop = this.ui.scrollTop;
      if (this.ui.pageScrollY) window.scrollTo(0, this.ui.pageScrollY);
    }
    this.stats({ ms: performance.now() - t0, built: this.cards.takeBuildCount(), visible: this.visible.length, complete: this.complete, passes: this.passes });
  }

  /** Builds whatever chunks are still missing, now (before focusing or revealing a card further down). */
  private completeRender(): void {
    if (!this.complete) this.render(false, Infinity);
  }

  private updateStatusOptions(s: BoardSnapshot): void {
    const opts = statusOptions(s);
    const want = this.ui.status;
    const all = h('option', { value: '' }, 'All statuses');
    const els = [all, ...opts.map((o) => h('option', { value: o.value }, `${o.label} (${o.count})`))];
    if (want && !opts.some((o) => o.value === want)) els.push(h('option', { value: want }, `${want.replace(/^raw:/, '')} (0)`));
    replaceChildren(this.statusFilter, ...els);
    this.statusFilter.value = want;
  }

  /** Where a sprint ends at 85%, between two cards (decorative: the chart's description and the tree say it in words). */
  private divider(d: BoardForecast['dividers'][number], used: Map<string, HTMLElement>): HTMLElement {
    const text = `Sprint ${d.sprint} ends (85%)${d.date ? ` · ${d.date}` : ''}`;
    const el = this.dividerEls.get(text) ?? used.get(text) ?? h('div', { class: 'sprint-end', 'aria-hidden': 'true', title: `The items above are done by the end of sprint ${d.sprint} in at least 85% of the forecast's trials` }, h('span', {}, text));
    used.set(text, el);
    return el;
  }

  private renderForecast(f: BoardForecast | null): void {
    this.forecastPanel.hidden = f === null;
    if (!f) return;
    const last = f.burnUp.future.find((p) => p.p85 >= f.burnUp.scope - 1e-9 * Math.max(1, f.burnUp.scope));
    this.forecastSummary.textContent = last ? `Forecast: all open work done by sprint ${last.sprint}${last.date ? ` (${last.date})` : ''} at 85%` : 'Forecast';
    this.forecastText.textContent = f.summary;
    const key = JSON.stringify(f.burnUp);
    if (key === this.lastBurnUp) return;
    this.lastBurnUp = key;
    replaceChildren(this.forecastChart, burnUpChart(f.burnUp));
  }

  private renderFileProblems(s: BoardSnapshot): void {
    const ps = s.problems;
    this.fileProblems.hidden = ps.length === 0;
    if (!ps.length) return;
    const open = this.fileProblems.open;
    replaceChildren(
      this.fileProblems,
      h('summary', { title: problemsTooltip(ps) }, icon('warning'), `${ps.length} problem${ps.length === 1 ? '' : 's'} in ${s.fileName}`),
      h('ul', {}, ...ps.map((p) => h('li', { class: `problem-${p.severity}` }, icon(p.severity, p.severity), h('span', {}, p.message), h('code', {}, p.ruleId)))),
    );
    this.fileProblems.open = open;
  }

  private stats(part: Partial<RenderStats>): void {
    const w = window as unknown as { __boardStats?: RenderStats };
    w.__boardStats = { ...(w.__boardStats ?? { ms: 0, built: 0, visible: 0, complete: true, passes: 0, parseMs: 0 }), ...part };
  }

  // ------------------------------------------------------------------------------------------- cards: focus, selection, moves

  private visibleCards(): HTMLElement[] {
    return this.visible.map((i) => this.cards.existing(i)).filter((el): el is CardElement => !!el && el.isConnected);
  }

  private setTabbable(index: number): void {
    const el = index >= 0 ? this.cards.existing(index) ?? null : null;
    if (this.tabbable && this.tabbable !== el) this.tabbable.tabIndex = -1;
    if (el) el.tabIndex = 0;
    this.tabbable = el;
    if (index >= 0) this.focusIndex = index;
  }

  private focusCard(index: number, scroll: boolean): void {
    if (index < 0 || !this.snapshot || index >= this.snapshot.items.length || !this.visible.includes(index)) return;
    if (!this.cards.existing(index)?.isConnected) this.completeRender();
    this.setTabbable(index);
    const el = this.cards.card(index);
    el.focus({ preventScroll: true });
    if (scroll) el.scrollIntoView({ block: 'nearest' });
  }

  private selectedIndex(): number {
    return this.snapshot ? resolveRef(this.snapshot, this.ui.selected) : -1;
  }

  private select(index: number): void {
    const s = this.snapshot;
    if (!s || index < 0 || index >= s.items.length) return;
    this.ui = { ...this.ui, selected: refOf(s.items[index]) };
    this.save();
    const el = this.cards.existing(index) ?? null;
    if (this.selectedEl && this.selectedEl !== el) this.selectedEl.setAttribute('aria-selected', 'false');
    el?.setAttribute('aria-selected', 'true');
    this.selectedEl = el;
    this.detail.render(s, s.items[index]);
  }

  /** The host asked to show an item (e.g. from the tree): clear filters hiding it, select it, focus it. */
  private revealCard(index: number): void {
    const s = this.snapshot;
    if (!s) {
      // Asked before the first snapshot (right after load): do it when the snapshot arrives.
      this.pendingFocus = this.pendingSelect = { index, id: null };
      return;
    }
    if (index >= s.items.length) return;
    if (!this.visible.includes(index)) {
      this.ui = { ...this.ui, filter: '', status: '' };
      this.filter.value = '';
      this.render();
    }
    this.select(index);
    this.focusCard(index, true);
  }

  private onCardClick(e: MouseEvent): void {
    const card = (e.target as Element).closest<CardElement>('.card');
    if (!card) return;
    const index = Number(card.dataset.index);
    this.focusCard(index, false);
    this.select(index);
  }

  private onListKey(e: KeyboardEvent): void {
    const card = (e.target as Element).closest<CardElement>('.card');
    if (!card || !this.snapshot) return;
    const index = Number(card.dataset.index);
    if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      const key = MOVE_KEYS[e.key];
      if (!key) return;
      e.preventDefault();
      this.moveByKey(index, key);
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const fk = FOCUS_KEYS[e.key];
    if (fk) {
      e.preventDefault();
      const to = nextFocus(this.visible, index, fk);
      if (to !== null) this.focusCard(to, true);
      return;
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      this.select(index);
      this.detail.focus();
    } else if (e.key === ' ') {
      e.preventDefault();
      this.select(index);
    }
  }

  private moveByKey(index: number, key: MoveKey): void {
    if (!this.snapshot) return;
    if (this.pendingFocus) {
      this.queuedMove = key;
      return;
    }
    const to = keyboardMoveTarget(this.visible, index, key, this.snapshot.items.length);
    if (to === null) return;
    this.moveItem(index, to);
  }

  private moveItem(from: number, to: number): void {
    const s = this.snapshot;
    if (!s) return;
    const item = s.items[from];
    if (this.send({ type: 'moveItem', version: this.version, from, to }, this.cards.existing(from))) {
      this.pendingFocus = { index: to, id: item.id };
      this.movingLabel = item.id ?? item.title;
      if (resolveRef(s, this.ui.selected) === from) this.pendingSelect = { index: to, id: item.id };
    }
  }

  /** Move to group… (the detail pane): the host plans it with the core; selection and focus follow the item. */
  private moveToGroup(from: number, group: number, el: Element): void {
    const s = this.snapshot;
    const item = s?.items[from];
    if (!s || !item) return;
    const to = groupMoveTarget(s, from, group);
    if (this.send({ type: 'moveToGroup', version: this.version, item: from, group }, el) && to !== null) {
      this.pendingFocus = { index: to, id: item.id };
      this.movingLabel = item.id ?? item.title;
      if (resolveRef(s, this.ui.selected) === from) this.pendingSelect = { index: to, id: item.id };
    }
  }

  private scroller(): HTMLElement {
    return getComputedStyle(this.listPane).overflowY === 'visible' ? (document.scrollingElement as HTMLElement) : this.listPane;
  }

  // ------------------------------------------------------------------------------------------- state

  private save(): void {
    this.api.setState(this.ui);
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = 0;
      this.save();
    }, 200);
  }
}

function cardText(item: BoardItem | undefined): string {
  return item ? [`${item.rank}.`, item.id ?? '', item.title].filter((p) => p !== '').join(' ') : '';
}

const mount = document.getElementById('board');
if (mount) new Board(mount).start();
