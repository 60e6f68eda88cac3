// The forecast in the editor: the tree's sprint dividers and descriptions, the CodeLens and the board ask this host.
// The forecast is computed in a worker thread (forecast-worker.ts) once the document has been still for a moment, so
// typing never waits for 10,000 trials or for the git history; the views show the last forecast, its items matched to
// the current text by ID (else title), and refresh when a new one arrives.
import * as vscode from 'vscode';
import { describeItemForecast, type Forecast, type ItemForecast, sprintEnds } from '../core/forecast';
import type { BacklogItem } from '../core/model';
import { localDate } from './acceptance-commands';
import type { BacklogStore } from './backlog-store';
import { type ForecastRequest, type ForecastResponse, runForecast } from './forecast-worker';
import { logError } from './log';

/** How long a document must be still before its forecast is computed again. */
const DEBOUNCE_MS = 400;

/** A sprint boundary at 85%: after the item at `afterIndex` (of the current text). */
export interface SprintDivider {
  readonly afterIndex: number;
  readonly sprint: number;
  readonly date: string | null;
}

/** The last forecast of a document, mapped onto its current items. */
export interface ForecastView {
  readonly forecast: Forecast;
  /** Whether the forecast was computed for the document's current version. */
  readonly current: boolean;
  /** Per current item index: its forecast (open items only). */
  readonly items: ReadonlyMap<number, ItemForecast>;
  readonly dividers: readonly SprintDivider[];
}

interface Result {
  readonly version: number;
  readonly forecast: Forecast | null;
}

/** An item's identity across versions: its ID, else its title (with a count for repeated titles). */
function keysOf(items: readonly { readonly id: string | null; readonly title: string }[]): string[] {
  const seen = new Map<string, number>();
  return items.map((i) => {
    const base = i.id ? `id:${i.id.replace(/^#/, '').toLowerCase()}` : `title:${i.title.toLowerCase()}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}#${n}`;
  });
}

export class ForecastHost implements vscode.Disposable {
  private readonly results = new Map<string, Result>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly epochs = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly pending = new Map<number, (r: ForecastResponse) => void>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private worker: import('node:worker_threads').Worker | undefined;
  private workerFailed = false;
  private nextId = 1;
  /** Fired when a document's forecast arrived (the views refresh). */
  readonly onDidChange = this.changeEmitter.event;
  /** Milliseconds the last forecast of each document took in the worker. */
  readonly lastMs = new Map<string, number>();

  constructor(
    private readonly store: BacklogStore,
    private readonly extensionUri: vscode.Uri,
  ) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.results.has(e.document.uri.toString())) this.schedule(e.document, DEBOUNCE_MS);
      }),
      // A save may be followed by a commit: the git history is read again.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const key = doc.uri.toString();
        if (!this.results.has(key)) return;
        this.epochs.set(key, (this.epochs.get(key) ?? 0) + 1);
        this.schedule(doc, DEBOUNCE_MS);
      }),
      store.onDidChangeConfig(() => {
        for (const doc of vscode.workspace.textDocuments) if (this.results.has(doc.uri.toString())) this.schedule(doc, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        this.results.delete(key);
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
      }),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    void this.worker?.terminate();
  }

  /** The last forecast of `doc` mapped onto its current items; undefined until the first one arrives (it is requested). */
  view(doc: vscode.TextDocument): ForecastView | undefined {
    const key = doc.uri.toString();
    const result = this.results.get(key);
    if (!result) {
      if (!this.timers.has(key) && !this.inFlight.has(key)) this.schedule(doc, 0);
      return undefined;
    }
    if (!result.forecast || result.forecast.insufficientData) return undefined;
    const forecast = result.forecast;
    const { backlog } = this.store.get(doc);
    const currentIndex = new Map<string, number>();
    keysOf(backlog.items).forEach((k, i) => currentIndex.set(k, i));
    const forecastKeys = keysOf(forecast.items);
    const items = new Map<number, ItemForecast>();
    const byOldIndex = new Map<number, number>();
    forecast.items.forEach((f, k) => {
      const i = currentIndex.get(forecastKeys[k]);
      if (i === undefined) return;
      items.set(i, f);
      byOldIndex.set(f.index, i);
    });
    const dividers: SprintDivider[] = [];
    for (const end of sprintEnds(forecast)) {
      const i = byOldIndex.get(end.afterIndex);
      if (i !== undefined) dividers.push({ afterIndex: i, sprint: end.sprint, date: end.date });
    }
    return { forecast, current: result.version === doc.version, items, dividers };
  }

  /** The item's forecast as words, for descriptions and lenses, or undefined. */
  describe(doc: vscode.TextDocument, item: BacklogItem): string | undefined {
    const f = this.view(doc)?.items.get(item.index);
    return f ? describeItemForecast(f) : undefined;
  }

  /** Computes the forecast of `doc` now (tests): resolves when it has arrived. */
  async refreshNow(doc: vscode.TextDocument): Promise<void> {
    clearTimeout(this.timers.get(doc.uri.toString()));
    this.timers.delete(doc.uri.toString());
    await this.compute(doc);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.compute(doc);
      }, delay),
    );
  }

  private async compute(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed || !this.store.isBacklog(doc)) return;
    const key = doc.uri.toString();
    const version = doc.version;
    this.inFlight.set(key, version);
    // The configuration may still be loading (first open, or `.backlog.jsonc` just changed).
    await this.store.loadConfig(doc.uri);
    if (doc.version !== version || doc.isClosed) {
      this.inFlight.delete(key);
      if (!doc.isClosed) this.schedule(doc, DEBOUNCE_MS);
      return;
    }
    // In slices: the forecast may be asked for as soon as a large file opens.
    const { config } = await this.store.analyze(doc);
    if (doc.version !== version || doc.isClosed) {
      this.inFlight.delete(key);
      if (!doc.isClosed) this.schedule(doc, DEBOUNCE_MS);
      return;
    }
    const req = { path: doc.uri.scheme === 'file' ? doc.uri.fsPath : null, text: doc.getText(), config, today: localDate(), gitEpoch: this.epochs.get(key) ?? 0 };
    const res = await this.request(req);
    if (this.inFlight.get(key) === version) this.inFlight.delete(key);
    if (doc.isClosed) return;
    if ('error' in res) {
      logError(`Forecast of ${doc.uri.toString()} failed`, new Error(res.error));
      return;
    }
    // A newer version's result may have arrived first; keep the newest.
    const old = this.results.get(key);
    if (old && old.version > version) return;
    this.results.set(key, { version, forecast: res.forecast });
    this.lastMs.set(key, res.ms);
    this.changeEmitter.fire(doc.uri);
  }

  /** Runs a request in the worker; in this thread when no worker can be started. */
  private request(req: Omit<ForecastRequest, 'id'>): Promise<ForecastResponse> {
    const id = this.nextId++;
    const worker = this.workerOrUndefined();
    if (!worker) {
      const t0 = performance.now();
      return runForecast(req).then(
        (forecast) => ({ id, forecast, ms: performance.now() - t0 }),
        (e: unknown) => ({ id, error: e instanceof Error ? e.message : String(e) }),
      );
    }
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ ...req, id } satisfies ForecastRequest);
    });
  }

  private workerOrUndefined(): import('node:worker_threads').Worker | undefined {
    if (this.worker || this.workerFailed) return this.worker;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      const worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'extension.js').fsPath, { workerData: { role: 'forecast' } /* src/extension/main.ts */ });
      worker.on('message', (res: ForecastResponse) => {
        const resolve = this.pending.get(res.id);
        this.pending.delete(res.id);
        resolve?.(res);
      });
      worker.on('error', (e) => {
        logError('The forecast worker failed; forecasts are computed on the extension host', e);
        this.workerFailed = true;
        this.worker = undefined;
        for (const [id, resolve] of this.pending) resolve({ id, error: 'the forecast worker stopped' });
        this.pending.clear();
      });
      worker.unref();
      this.worker = worker;
    } catch (e) {
      logError('No forecast worker; forecasts are computed on the extension host', e);
      this.workerFailed = true;
    }
    return this.worker;
  }
}

/** "Forecast: sprint 2 (50%) · sprint 3 (85%)" above each open item, when there is a forecast. */
export function registerForecastLenses(store: BacklogStore, host: ForecastHost): vscode.Disposable[] {
  const emitter = new vscode.EventEmitter<void>();
  return [
    emitter,
    host.onDidChange(() => emitter.fire()),
    vscode.languages.registerCodeLensProvider(
      { language: 'markdown' },
      {
        onDidChangeCodeLenses: emitter.event,
        provideCodeLenses(doc) {
          if (!store.isBacklog(doc) || !vscode.workspace.getConfiguration('backlogAsCode', doc.uri).get<boolean>('codeLens.enabled', true)) return [];
          const view = host.view(doc);
          if (!view) return [];
          const { backlog } = store.get(doc);
          const lenses: vscode.CodeLens[] = [];
          for (const [index, f] of view.items) {
            const item = backlog.items[index];
            const at = doc.positionAt(item.titleSpan.start);
            const dates = f.date ? ` (by ${f.date.p85 ?? 'later'} at 85%)` : '';
            lenses.push(
              new vscode.CodeLens(new vscode.Range(at, at), {
                title: `Forecast: ${describeItemForecast(f)}`,
                tooltip: `Done in this sprint at 50% and 85% confidence${dates}; ${view.forecast.mode} from ${view.forecast.source} history (docs/FORECAST.md)`,
                command: '',
              }),
            );
          }
          return lenses;
        },
      },
    ),
  ];
}
