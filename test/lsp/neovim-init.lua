-- A minimal Neovim config (0.7 or later) for the test: start `backlog lsp --stdio` for the buffer, wait for the
-- diagnostics, apply the preferred code action on the line BACKLOG_FIX_LINE, save, and write what happened to
-- BACKLOG_OUT as JSON. Run: BACKLOG_CLI=… BACKLOG_OUT=… nvim --headless -u neovim-init.lua BACKLOG.md
local cli = os.getenv('BACKLOG_CLI')
local out = os.getenv('BACKLOG_OUT')
local fix_line = tonumber(os.getenv('BACKLOG_FIX_LINE'))
local result = { diagnostics = {}, actions = {}, applied = nil, errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'backlog',
    cmd = { 'node', cli, 'lsp', '--stdio' },
    root_dir = vim.fn.getcwd(),
    init_options = { debounce = 0 },
    on_error = function(code) table.insert(result.errors, 'client error ' .. tostring(code)) end,
  })
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), line = d.lnum, message = d.message })
  end

  -- The diagnostics of the line as the server sent them (what a code-action request carries).
  local line_diags = vim.lsp.diagnostic.get_line_diagnostics(buf, fix_line)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = fix_line, character = 0 }, ['end'] = { line = fix_line, character = 0 } },
    context = { diagnostics = line_diags },
  }
  local response = client.request_sync('textDocument/codeAction', params, 20000, buf)
  result.response = response and (response.err and vim.inspect(response.err) or 'ok') or 'nil'
  local actions = (response and response.result) or {}
  for _, a in ipairs(actions) do table.insert(result.actions, a.title) end
  for _, a in ipairs(actions) do
    if a.isPreferred and a.edit then
      vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or 'utf-16')
      result.applied = a.title
      break
    end
  end
  vim.cmd('silent write')
  -- The fixed text is checked again by the server: wait for the diagnostics of the new version.
  vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(buf, { lnum = fix_line })) do
      if d.source == 'backlog-as-code' and (d.code == 'pseudo-items' or (d.user_data and d.user_data.lsp.code == 'pseudo-items')) then return false end
    end
    return true
  end, 50)
  result.after = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(result.after, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)) end
end

-- The init file runs before the file named on the command line is loaded: start once Neovim is up.
vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then table.insert(result.errors, tostring(err)) end
    finish()
  end,
})
