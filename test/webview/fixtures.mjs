// Snapshots and theme colours for the board's browser tests. Snapshots are built by hand in the shape
// `toBoardSnapshot` produces (and `parseHostMessage` accepts); the theme variables are the values VS Code's
// Dark Modern, Light Modern and Dark High Contrast themes inject into a webview.

/** One item; `over` replaces fields. */
export function item(index, over = {}) {
  const it = {
    index,
    rank: index + 1,
    id: null,
    title: `Item ${index + 1}`,
    status: null,
    estimate: null,
    owner: null,
    group: null,
    groupIndex: -1,
    value: null,
    criteria: [],
    problems: [],
    ...over,
  };
  const progress = { done: it.criteria.filter((c) => c.done === true).length, total: it.criteria.length };
  // Key order as toBoardSnapshot writes it (the validator does not care; this keeps diffs readable).
  const { problems, ...rest } = it;
  return { ...rest, progress, problems };
}

/** Recomputes index, rank, progress and group item lists after items were rearranged or edited. */
export function normalise(snapshot) {
  const items = snapshot.items.map((it, i) => ({
    ...it,
    index: i,
    rank: i + 1,
    progress: { done: it.criteria.filter((c) => c.done === true).length, total: it.criteria.length },
  }));
  const groups = snapshot.groups.map((g, gi) => ({ ...g, items: items.filter((it) => it.groupIndex === gi).map((it) => it.index) }));
  return { forecast: null, ...snapshot, items, groups };
}

/** The snapshot after `moveItem(from, to)`, as the host would post it (group membership kept). */
export function moved(snapshot, from, to) {
  const items = [...snapshot.items];
  const [it] = items.splice(from, 1);
  items.splice(to, 0, it);
  return normalise({ ...snapshot, items });
}

/** The snapshot with item `index` changed by `f`. */
export function edited(snapshot, index, f) {
  return normalise({ ...snapshot, items: snapshot.items.map((it) => (it.index === index ? f(it) : it)) });
}

/** A small, realistic board: two groups, statuses, a value statement, criteria, problems. */
export function smallSnapshot() {
  const groups = [
    { title: 'Release 1', path: ['Release 1'], items: [] },
    { title: 'Release 2', path: ['Release 2'], items: [] },
  ];
  const items = [
    item(0, {
      id: 'US-1',
      title: 'Log in with email',
      status: { raw: 'In Progress', kind: 'in-progress' },
      estimate: '3 SP',
      owner: 'Ana',
      group: 'Release 1',
      groupIndex: 0,
      value: { role: 'registered user', want: 'to log in with my email', benefit: 'I can see my orders' },
      criteria: [
        { text: 'Email and password are required', done: true },
        { text: 'A wrong password shows an error', done: false },
        { text: 'Five failures lock the account for 10 minutes', done: false },
      ],
    }),
    item(1, {
      id: 'US-2',
      title: 'Export orders as CSV',
      status: { raw: 'Todo', kind: 'todo' },
      estimate: '5 SP',
      owner: 'Ben',
      group: 'Release 1',
      groupIndex: 0,
      value: { role: 'accountant', want: 'a CSV export of all orders', benefit: null },
      criteria: [{ text: 'One row per order', done: false }],
      problems: [{ ruleId: 'missing-benefit', severity: 'warning', message: 'Unexpected value statement without a benefit, expected `so that …`' }],
    }),
    item(2, {
      id: 'US-3',
      title: 'Dark mode',
      status: { raw: 'Blocked', kind: null },
      group: 'Release 1',
      groupIndex: 0,
      problems: [
        { ruleId: 'missing-value-statement', severity: 'warning', message: 'Unexpected item `Dark mode` without a value statement' },
        { ruleId: 'missing-acceptance-criteria', severity: 'error', message: 'Unexpected item `Dark mode` without acceptance criteria, expected a `- [ ]` list' },
      ],
    }),
    item(3, {
      id: 'US-4',
      title: 'Search orders',
      status: { raw: 'Done', kind: 'done' },
      estimate: '2 SP',
      group: 'Release 2',
      groupIndex: 1,
      value: { role: 'customer', want: 'to search my orders', benefit: 'I find one quickly' },
      criteria: [
        { text: 'Search by order number', done: true },
        { text: 'Search by product name', done: true },
      ],
    }),
    item(4, {
      id: 'US-5',
      title: 'Notifications by email',
      group: 'Release 2',
      groupIndex: 1,
      criteria: [{ text: 'Written without a checkbox', done: null }],
    }),
  ];
  return normalise({ fileName: 'BACKLOG.md', shape: 'heading', groups, items, problems: [] });
}

const STATUSES = [
  { raw: 'Todo', kind: 'todo' },
  { raw: 'Ready', kind: 'ready' },
  { raw: 'In Progress', kind: 'in-progress' },
  { raw: 'Review', kind: 'review' },
  { raw: 'Done', kind: 'done' },
  { raw: 'Blocked', kind: null },
  null,
];

/** `n` items in `n / 100` groups, each with a value statement, three criteria, and problems on every seventh. */
export function bigSnapshot(n) {
  const groupCount = Math.max(1, Math.ceil(n / 100));
  const groups = Array.from({ length: groupCount }, (_, g) => ({ title: `Epic ${g + 1}`, path: ['Roadmap', `Epic ${g + 1}`], items: [] }));
  const items = Array.from({ length: n }, (_, i) =>
    item(i, {
      id: `US-${i + 1}`,
      title: `Story number ${i + 1}: ${['checkout', 'search', 'profile', 'reports', 'billing'][i % 5]} improvements`,
      status: STATUSES[i % STATUSES.length],
      estimate: i % 3 ? `${(i % 8) + 1} SP` : null,
      owner: i % 4 ? ['Ana', 'Ben', 'Chen'][i % 3] : null,
      group: groups[Math.floor(i / 100)].title,
      groupIndex: Math.floor(i / 100),
      value: { role: 'customer', want: `to do thing ${i + 1}`, benefit: i % 2 ? 'I save time' : null },
      criteria: [
        { text: `First criterion of ${i + 1}`, done: i % 2 === 0 },
        { text: `Second criterion of ${i + 1}`, done: false },
        { text: `Third criterion of ${i + 1}`, done: i % 5 === 0 },
      ],
      problems: i % 7 === 0 ? [{ ruleId: 'missing-benefit', severity: 'warning', message: `Item ${i + 1} has no benefit` }] : [],
    }),
  );
  return normalise({ fileName: 'BACKLOG.md', shape: 'heading', groups, items, problems: [] });
}

/** Item texts that must show literally, never as markup, and must not run. */
export const XSS = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '<svg onload="window.__xss=3"></svg>',
  link: '<a href="javascript:window.__xss=4">click</a>',
  style: '<style>body{display:none}</style>',
  entity: '&lt;b&gt; &amp; &quot;',
};

export function xssSnapshot() {
  const items = [
    item(0, {
      id: '<b>ID</b>',
      title: XSS.img,
      status: { raw: XSS.svg, kind: null },
      estimate: XSS.style,
      owner: XSS.link,
      value: { role: XSS.script, want: XSS.img, benefit: XSS.entity },
      criteria: [
        { text: XSS.script, done: false },
        { text: XSS.img, done: true },
      ],
      problems: [{ ruleId: '<i>rule</i>', severity: 'error', message: XSS.svg }],
    }),
    item(1, { title: XSS.script }),
    item(2, { title: XSS.entity }),
  ];
  return normalise({ fileName: '<img src=x onerror=window.__xss=5>.md', shape: 'list', groups: [], items, problems: [{ ruleId: 'x', severity: 'info', message: XSS.link }] });
}

const FONT = {
  '--vscode-font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
};

export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    background: '#1f1f1f',
    vars: {
      ...FONT,
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-widget-border': '#313131',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-foreground': '#cccccc',
      '--vscode-editorHoverWidget-border': '#454545',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-list-focusOutline': '#0078d4',
      '--vscode-list-dropBetweenBackground': '#0078d4',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898',
      '--vscode-inputOption-activeBackground': 'rgba(36, 137, 219, 0.51)',
      '--vscode-inputOption-activeBorder': '#2488db',
      '--vscode-inputOption-activeForeground': '#ffffff',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-checkbox-background': '#313131',
      '--vscode-checkbox-border': '#3c3c3c',
      '--vscode-checkbox-foreground': '#cccccc',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-border': 'rgba(255, 255, 255, 0.07)',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-icon-foreground': '#cccccc',
      '--vscode-toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
      '--vscode-progressBar-background': '#0078d4',
      '--vscode-sideBarSectionHeader-foreground': '#cccccc',
      '--vscode-textPreformat-foreground': '#d0d0d0',
      '--vscode-problemsErrorIcon-foreground': '#f14c4c',
      '--vscode-problemsWarningIcon-foreground': '#cca700',
      '--vscode-problemsInfoIcon-foreground': '#3794ff',
      '--vscode-editorError-foreground': '#f14c4c',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-errorForeground': '#f85149',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-inputValidation-infoBackground': '#063b49',
      '--vscode-inputValidation-infoBorder': '#007acc',
      '--vscode-inputValidation-warningBackground': '#352a05',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-errorBorder': '#be1100',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    background: '#ffffff',
    vars: {
      ...FONT,
      '--vscode-foreground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-widget-border': '#e5e5e5',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-foreground': '#3b3b3b',
      '--vscode-editorHoverWidget-border': '#c8c8c8',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-activeSelectionBackground': '#e8e8e8',
      '--vscode-list-activeSelectionForeground': '#000000',
      '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-list-focusOutline': '#005fb8',
      '--vscode-list-dropBetweenBackground': '#005fb8',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-inputOption-activeBackground': '#bed6ed',
      '--vscode-inputOption-activeBorder': '#005fb8',
      '--vscode-inputOption-activeForeground': '#000000',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-checkbox-background': '#f8f8f8',
      '--vscode-checkbox-border': '#cecece',
      '--vscode-checkbox-foreground': '#3b3b3b',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-border': 'rgba(0, 0, 0, 0.1)',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-icon-foreground': '#3b3b3b',
      '--vscode-toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
      '--vscode-progressBar-background': '#005fb8',
      '--vscode-sideBarSectionHeader-foreground': '#3b3b3b',
      '--vscode-textPreformat-foreground': '#3b3b3b',
      '--vscode-problemsErrorIcon-foreground': '#e51400',
      '--vscode-problemsWarningIcon-foreground': '#bf8803',
      '--vscode-problemsInfoIcon-foreground': '#1a85ff',
      '--vscode-editorError-foreground': '#e51400',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-errorForeground': '#f85149',
      '--vscode-testing-iconPassed': '#388a34',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#652d90',
      '--vscode-inputValidation-infoBackground': '#d6ecf2',
      '--vscode-inputValidation-infoBorder': '#007acc',
      '--vscode-inputValidation-warningBackground': '#f6f5d2',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-errorBorder': '#be1100',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    background: '#000000',
    vars: {
      ...FONT,
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-list-hoverBackground': 'transparent',
      '--vscode-list-activeSelectionBackground': 'transparent',
      '--vscode-list-inactiveSelectionBackground': 'transparent',
      '--vscode-list-focusOutline': '#f38518',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-checkbox-background': '#000000',
      '--vscode-checkbox-border': '#6fc3df',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-progressBar-background': '#6fc3df',
      '--vscode-problemsErrorIcon-foreground': '#f48771',
      '--vscode-problemsWarningIcon-foreground': '#ffd370',
      '--vscode-problemsInfoIcon-foreground': '#3794ff',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-inputValidation-warningBackground': '#000000',
      '--vscode-inputValidation-warningBorder': '#ffd370',
    },
  },
};
