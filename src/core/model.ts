// The item model shared by the CLI, the extension and the webview. No `vscode`, no DOM, no Node built-ins.
//
// Positions are half-open [start, end) UTF-16 offsets into the exact string that was parsed (the string
// `TextDocument.getText()` returns and `positionAt()` indexes). Line/column are computed only at the edges.

/** Half-open [start, end) UTF-16 offsets into the parsed text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Replace text[start, end) with newText. Insert: start === end. Delete: newText === ''. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** How the items of a file are written. */
export type ItemShape = 'heading' | 'list' | 'table';

/** Normalised status of an item, in workflow order. `null` on the item when no status is written. */
export type StatusKind = 'todo' | 'refining' | 'ready' | 'in-progress' | 'review' | 'done' | 'accepted' | 'rejected';

/** Known field kinds; anything else is kept as `other`. */
export type FieldKind =
  | 'id'
  | 'priority'
  | 'estimate'
  | 'status'
  | 'dependsOn'
  | 'owner'
  | 'sprint'
  | 'value'
  | 'title'
  | 'other';

/** A `Key: value` line (optionally bulleted or bold) or a table cell under a known column. */
export interface Field {
  /** The key as written, without markup: `Priorität`, `Story Points`. For table cells: the column header. */
  readonly key: string;
  readonly kind: FieldKind;
  /** The value as written, trimmed, without surrounding markup. */
  readonly value: string;
  /** The whole line (list marker included) or the table cell. Used to delete or replace the field. */
  readonly span: Span;
  /** Where the value text sits; an empty span where the value is empty. Used to set the field. */
  readonly valueSpan: Span;
}

/** An explicit priority. `value` for numbers, `bucket` for words such as High or Must. */
export interface Priority {
  readonly raw: string;
  readonly value: number | null;
  /** Normalised bucket: `critical`, `high`, `medium`, `low`, `must`, `should`, `could`, `wont`. */
  readonly bucket: string | null;
  /** Where the number or word is written (a field value, a table cell, or part of the heading). */
  readonly span: Span;
  readonly source: 'field' | 'column' | 'heading' | 'group';
}

export interface Estimate {
  readonly raw: string;
  /** Numeric value when it can be read (`3`, `1/2`, `½`, `2.5`), else null. */
  readonly value: number | null;
  /** Unit as written after the number (`SP`, `h`, `PH`, `days`), if any. */
  readonly unit: string | null;
  readonly span: Span;
}

export interface Status {
  readonly raw: string;
  readonly kind: StatusKind | null;
  readonly span: Span;
  readonly source: 'field' | 'column' | 'checkbox' | 'strikethrough' | 'section' | 'heading';
}

/** "As a [role], I want [goal], so that [benefit]", or a `Value:` field. */
export interface ValueStatement {
  readonly role: string | null;
  readonly want: string;
  readonly benefit: string | null;
  /** ISO 639-1 code of the language the statement was recognised in (`en`, `de`, ...). */
  readonly language: string;
  /** From the first to the last character of the statement, which may span several lines. */
  readonly span: Span;
}

export interface Criterion {
  /** Text without list marker and checkbox. */
  readonly text: string;
  /** true `[x]`, false `[ ]`, null when written without a checkbox. */
  readonly done: boolean | null;
  /** The whole line (or table-cell segment), from the list marker on, without the line terminator. */
  readonly span: Span;
  readonly textSpan: Span;
  /** The single character inside `[ ]`/`[x]`, when there is a checkbox. */
  readonly checkSpan: Span | null;
}

export interface DependencyRef {
  readonly id: string;
  readonly span: Span;
}

export interface BacklogItem {
  /** 0-based position in document order. */
  readonly index: number;
  /** 1-based rank in document order (rank 1 = top of the backlog). */
  readonly rank: number;
  readonly shape: ItemShape;
  readonly id: string | null;
  readonly idSpan: Span | null;
  /** Title without ID, priority number or markup. */
  readonly title: string;
  /** The heading line, the list item's first line or the table row. */
  readonly titleSpan: Span;
  /**
   * The whole item: heading and body, the list item with its children, or the table row.
   * Does not include the line terminator and blank lines after the item (see `content`/`trailerEnd`).
   */
  readonly span: Span;
  /**
   * The part of the item that moves on a reorder. Equal to `span`, except for ordered lists, where the
   * list number stays in place (markdown renumbers anyway) and only the text after `1. ` moves.
   */
  readonly content: Span;
  /** End of the line terminator and blank lines after the item; the next item or heading starts here. */
  readonly trailerEnd: number;
  /** Grouping headings or parent bullets above the item, outermost first (`["Release 1", "Epic: Login"]`). */
  readonly groupPath: readonly string[];
  /** Innermost group, or null. */
  readonly group: string | null;
  /** Index into `Backlog.groups` of the innermost group, or -1. */
  readonly groupIndex: number;
  /** Index into `Backlog.tables` for table rows, else -1. */
  readonly tableIndex: number;
  readonly priority: Priority | null;
  readonly estimate: Estimate | null;
  readonly status: Status | null;
  readonly owner: string | null;
  readonly sprint: string | null;
  readonly dependsOn: readonly DependencyRef[];
  readonly value: ValueStatement | null;
  readonly criteria: readonly Criterion[];
  /** The label of the acceptance-criteria section (`**Acceptance criteria:**`, `### AC`), when there is one. */
  readonly criteriaLabelSpan: Span | null;
  /** Every field found, known and unknown, in document order. */
  readonly fields: readonly Field[];
  /** Where a new line can be inserted inside the item (end of the last non-blank body line). */
  readonly bodyEnd: number;
  /** Rule ids disabled for this item by `<!-- backlog-disable-next-item id ... -->` (empty set + `all` = all rules). */
  readonly disabledRules: ReadonlySet<string>;
}

export interface Group {
  readonly title: string;
  /** Heading depth for heading groups, 0 for parent bullets and bold-paragraph groups. */
  readonly depth: number;
  readonly span: Span;
  /** Index of the enclosing group, or -1. */
  readonly parent: number;
}

export interface ItemTable {
  /** Header cells, trimmed. */
  readonly columns: readonly string[];
  readonly span: Span;
  readonly html: boolean;
}

/** Text that looks like backlog items but is not valid markdown for them. */
export interface PseudoItem {
  readonly kind: 'dash-without-space' | 'prefix-dash' | 'unicode-bullet' | 'checkbox-without-marker' | 'decimal-outline' | 'code-block' | 'indented-code';
  readonly span: Span;
  /** Replacement text for the span when the repair is mechanical, else null. */
  readonly replacement: string | null;
}

export interface Backlog {
  /** The exact text that was parsed. */
  readonly source: string;
  readonly shape: ItemShape | null;
  /** Heading depth of items for heading-shaped files, else 0. */
  readonly itemDepth: number;
  readonly items: readonly BacklogItem[];
  readonly groups: readonly Group[];
  readonly tables: readonly ItemTable[];
  readonly pseudoItems: readonly PseudoItem[];
  /** The file's dominant line terminator; inserted text uses it. */
  readonly eol: '\n' | '\r\n';
  /** YAML front matter block including its fences, if any. */
  readonly frontMatter: Span | null;
  /** Settings read from the `backlog:` key of the front matter, unvalidated. */
  readonly frontMatterSettings: unknown;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A repair (the ESLint model): it keeps the items of the file (which items, their order, IDs and titles) and writes no
 * placeholder text. `backlog lint --fix`, Fix All and fix-on-save apply fixes, and only fixes.
 */
export interface Fix {
  /** Imperative, shown as the quick-fix title: `Use a markdown bullet`. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/**
 * A proposal a person accepts one at a time, in the editor: a template to fill in, a criteria stub, a reorder,
 * renumbered priorities. Never applied by `--fix`, Fix All or fix-on-save; listed by `backlog lint --format json`.
 */
export interface Suggestion {
  /** Imperative, shown as the quick-fix title: `Insert a value statement template`. */
  readonly title: string;
  /** The change as plain text. Placeholders (`[role]`, `[criterion]`) are left for a person to fill in. */
  readonly edits: readonly TextEdit[];
  /**
   * For editors with snippets: one edit whose text uses the snippet syntax of VS Code and LSP (`${1:[role]}` tab
   * stops, `$0` the final cursor, `\$`, `\}` and `\\` escaped), applied instead of `edits`. Same range and, with the
   * tab stops replaced by their placeholder text, the same text as `edits`.
   */
  readonly snippet?: TextEdit;
}

/** One problem found by a rule. */
export interface Finding {
  readonly ruleId: string;
  readonly message: string;
  readonly span: Span;
  /** Effective severity after configuration. */
  readonly severity: Severity;
  /** Index of the item the finding is about, or -1 for file-level findings. */
  readonly itemIndex: number;
  /** Repairs in order of preference; empty when a person must decide. */
  readonly fixes: readonly Fix[];
  /** Proposals in order of preference (quick fixes in the editor only). */
  readonly suggestions: readonly Suggestion[];
  /** Other places in the same file the finding is about (the item it depends on, the first use of an ID). */
  readonly related?: readonly RelatedSpan[];
}

/** A place a finding refers to, with a short note shown next to it (LSP/VS Code `relatedInformation`). */
export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}
