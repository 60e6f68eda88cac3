// `backlog mcp`: the Model Context Protocol server (stdio). A thin adapter: tool schemas and descriptions here, the
// work in BacklogTools (core analysis and edit planning, the CLI's file layer). Bundled as dist/mcp.js and loaded by
// dist/cli.js only when `backlog mcp` runs. See docs/AGENTS.md.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { version } from '../../package.json';
import { BacklogTools, SETTABLE_FIELDS, ToolError } from './backlog-tools';

const file = z
  .string()
  .optional()
  .describe('The backlog file, relative to the folder the server runs in. Optional when that folder holds exactly one **/BACKLOG.md.');
const item = (what = 'The item') => z.string().min(1).describe(`${what}: its ID (e.g. "US-3", case-insensitive) or its rank ("3", 1 = top).`);
const fileVersion = z
  .string()
  .min(1)
  .describe('The "version" returned when you last read this file (list_items, get_item, lint, next_items or a previous write). A file that changed since is refused.');

const INSTRUCTIONS = `Backlog as Code: the product backlog is a markdown file (BACKLOG.md) in ranked order, top = most important.
Read with list_items, get_item, next_items or lint; each answer carries the file's "version". Every write (move_item,
add_item, set_field, set_criterion) needs that version, changes only the text it must (the file's own shape and style),
and answers with the new version and the findings after the change. A write against an older version is refused: read
again and retry. Items are named by ID ("US-3") or rank ("3").`;

/** The MCP server over the backlogs below `root`. */
export function createServer(root: string): McpServer {
  const tools = new BacklogTools(root, (m) => process.stderr.write(`backlog mcp: warning: ${m}\n`));
  const server = new McpServer({ name: 'backlog-as-code', version }, { instructions: INSTRUCTIONS });

  /** Runs a tool: its answer as JSON text and structured content; a ToolError as an error result with its sentence. */
  const answer = (run: () => object) => {
    try {
      const result = run();
      return { content: [{ type: 'text' as const, text: JSON.stringify(result, null, 2) }], structuredContent: result as Record<string, unknown> };
    } catch (error) {
      if (error instanceof ToolError) return { content: [{ type: 'text' as const, text: error.message }], isError: true };
      throw error;
    }
  };

  server.registerTool(
    'list_items',
    {
      title: 'List backlog items',
      description:
        'The items of a backlog in rank order (rank 1 = top), optionally filtered: rank, ID, title, status, estimate, priority, group, value statement (role, want, benefit), acceptance criteria with their state (done: true/false, null without a checkbox), dependencies.',
      inputSchema: {
        file,
        status: z.string().optional().describe('Only items with this status: todo, refining, ready, in-progress, review, done, accepted, rejected, the status as written, or "open" (not done, accepted or rejected).'),
        group: z.string().optional().describe('Only items under this group heading (epic, sprint, release...), case-insensitive.'),
        text: z.string().optional().describe('Only items whose ID, title, value statement or criteria contain all these words, case-insensitive.'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => tools.listItems(args)),
  );

  server.registerTool(
    'get_item',
    {
      title: 'Get one backlog item',
      description: "One item in full: everything list_items gives, plus its fields, group path, whether it is finished, its markdown text and the findings about it.",
      inputSchema: { file, item: item() },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => tools.getItem(args)),
  );

  server.registerTool(
    'lint',
    {
      title: 'Check a backlog',
      description: 'The findings of the backlog rules (ordering, priorities, value statements, acceptance criteria, IDs, dependencies): rule, severity, message, 1-based line and column, whether `backlog lint --fix` repairs it ("fixable"), and the titles of the suggestions an editor would offer instead ("suggestions", e.g. "Add an acceptance criterion": do it with set_criterion or set_field, with real text, not a placeholder).',
      inputSchema: { file },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => tools.lint(args)),
  );

  server.registerTool(
    'next_items',
    {
      title: 'What comes next',
      description: 'The top N items in rank order that are not done, accepted or rejected: what the team works on now and next.',
      inputSchema: { file, count: z.number().int().min(1).max(1000).optional().describe('How many items (default 5).') },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => tools.nextItems(args)),
  );

  server.registerTool(
    'move_item',
    {
      title: 'Move a backlog item',
      description:
        'Reorders the backlog: moves one item to a rank, to the top or bottom, one step up or down, or right before or after another item (joining that item\'s group), or into a group (a heading: after the group\'s last item, or into the group when it is empty). Give exactly one of "to", "before", "after", "group". Only the moved text changes in the file.',
      inputSchema: {
        file,
        version: fileVersion,
        item: item('The item to move'),
        to: z
          .union([z.number().int().min(1), z.enum(['top', 'bottom', 'up', 'down'])])
          .optional()
          .describe('A rank (1 = top), or "top", "bottom", "up" (one step), "down" (one step).'),
        before: item('Put the item right before this item').optional(),
        after: item('Put the item right after this item').optional(),
        group: z.string().min(1).optional().describe('The title of a group (a heading such as "Sprint 2", case-insensitive) to move the item into; an empty group too.'),
      },
      annotations: { destructiveHint: false, idempotentHint: false },
    },
    (args) => answer(() => tools.moveItem(args)),
  );

  server.registerTool(
    'add_item',
    {
      title: 'Add a backlog item',
      description:
        'Inserts a new item at a rank (default: the bottom), written in the file\'s own shape (heading, list item or table row) and style, with an optional value statement, acceptance criteria and fields. It is written like the item next to it: the next ID in the file\'s own scheme (US-8 after US-7, INFRA-010 after INFRA-009) unless the title starts with an ID or fields.id gives one, an open checkbox in a task list, a table row\'s cells padded and aligned as the other rows\'. Without a statement or criteria a heading item gets the editor\'s template ("As a [role], I want [goal], so that [benefit]." and an empty criterion) to fill in.',
      inputSchema: {
        file,
        version: fileVersion,
        title: z.string().min(1).describe('The title, one line; may start with an ID ("US-12 Export to CSV").'),
        rank: z.number().int().min(1).optional().describe('The rank the new item gets (1 = top; default: after the last item).'),
        statement: z
          .object({ role: z.string().min(1), want: z.string().min(1), benefit: z.string().optional() })
          .optional()
          .describe('The value statement: "As a <role>, I want <want>, so that <benefit>."'),
        criteria: z.array(z.string().min(1)).optional().describe('Acceptance criteria, one line each (added unchecked).'),
        fields: z
          .object(Object.fromEntries(SETTABLE_FIELDS.map((f) => [f, z.string().optional()])) as Record<(typeof SETTABLE_FIELDS)[number], z.ZodOptional<z.ZodString>>)
          .strict()
          .optional()
          .describe('Fields to set, e.g. { "priority": "3", "estimate": "5", "status": "ready", "dependsOn": "US-1, US-2" }.'),
      },
    },
    (args) => answer(() => tools.addItem(args)),
  );

  server.registerTool(
    'set_field',
    {
      title: "Set an item's field",
      description: 'Sets a field (`Key: value` line or table cell) of an item; a field the item lacks is added after its other fields, in their style.',
      inputSchema: {
        file,
        version: fileVersion,
        item: item(),
        field: z.enum(SETTABLE_FIELDS).describe('Which field: id, priority, estimate, status, dependsOn (comma-separated IDs), owner, sprint, value.'),
        value: z.string().describe('The new value, one line.'),
      },
      annotations: { idempotentHint: true },
    },
    (args) => answer(() => tools.setField(args)),
  );

  server.registerTool(
    'set_criterion',
    {
      title: 'Change an acceptance criterion',
      description: 'Adds an acceptance criterion (after the last one, or under a new "Acceptance criteria" label), checks or unchecks one, edits its text, or removes it.',
      inputSchema: {
        file,
        version: fileVersion,
        item: item(),
        action: z.enum(['add', 'check', 'uncheck', 'edit', 'remove']),
        criterion: z.number().int().min(1).optional().describe('Which criterion, 1 = the item\'s first (for check, uncheck, edit, remove).'),
        text: z.string().optional().describe('The criterion\'s text, one line (for add and edit).'),
      },
    },
    (args) => answer(() => tools.setCriterion(args)),
  );

  server.registerResource(
    'backlog',
    new ResourceTemplate('file://{+path}', {
      list: () => ({
        resources: tools.backlogFiles().map((path) => ({ uri: pathToFileURL(path).href, name: tools.display(path), mimeType: 'text/markdown' })),
      }),
    }),
    { title: 'Backlog files', description: 'The backlog files below the server\'s folder, as markdown.', mimeType: 'text/markdown' },
    (uri) => {
      let text: string;
      try {
        text = tools.readText(tools.resolveFile(fileURLToPath(uri)));
      } catch (error) {
        throw new Error(error instanceof Error ? error.message : String(error));
      }
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );

  return server;
}

/** `backlog mcp`: serve the backlogs below `root` on stdin/stdout until the client closes them. */
export function start(options: { root?: string } = {}): void {
  const server = createServer(options.root ?? process.cwd());
  const transport = new StdioServerTransport();
  server.connect(transport).catch((error: unknown) => {
    process.stderr.write(`backlog mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
  // The client closing stdin ends the session.
  process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
}
