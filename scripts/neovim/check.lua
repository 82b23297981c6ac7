-- Headless Neovim as a second, independent LSP client of the Helm Hooks language server.
-- Opens the file given on the command line, starts the server with --stdio, waits for its
-- diagnostics (with one rule's severity changed in the settings), asks for a hover and a
-- completion, prints what came back and exits 0 when all of them arrived (1 otherwise). Written for Neovim 0.7+ (vim.lsp.start_client).
local server = assert(os.getenv('HELM_HOOKS_SERVER'), 'HELM_HOOKS_SERVER must name dist/server.js')
local root = assert(os.getenv('HELM_HOOKS_CHART'), 'HELM_HOOKS_CHART must name the chart folder')

local function out(line) io.stdout:write(line .. '\n') end

local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'helm-hooks',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  -- Answered from here when the server pulls workspace/configuration (section helmHooks).
  settings = { helmHooks = { rules = { ['empty-hook-event'] = 'warning' } } },
  -- Neovim 0.7 does not announce workspace/configuration, so the server also takes settings
  -- pushed with didChangeConfiguration (newer versions pull them as VS Code does).
  on_init = function(client)
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  end,
})
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local diagnostics = vim.diagnostic.get(bufnr)
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
local severities = { 'error', 'warning', 'information', 'hint' }
local settings_ok = false
for _, d in ipairs(diagnostics) do
  if d.code == 'empty-hook-event' and d.severity == vim.diagnostic.severity.WARN then settings_ok = true end
  out(string.format('diagnostic %d:%d %s %s: %s', d.lnum + 1, d.col + 1, severities[d.severity], d.code or d.source or '', d.message))
end

-- Hover over the first event of helm.sh/hook, and completion after it.
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local hover_ok, completion_ok = false, false
for index, line in ipairs(lines) do
  local column = line:find('helm.sh/hook"?:%s')
  if column and not line:find('hook%-') then
    local value = line:find(':%s', column) + 2
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = index - 1, character = value } }
    local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 5000)
    for _, response in pairs(hover or {}) do
      if response.result and response.result.contents then
        hover_ok = true
        out('hover: ' .. vim.split(response.result.contents.value, '\n')[1])
      end
    end
    params.position.character = #line
    local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, 5000)
    for _, response in pairs(completion or {}) do
      local items = response.result and (response.result.items or response.result) or {}
      local labels = {}
      for _, item in ipairs(items) do table.insert(labels, item.label) end
      completion_ok = #labels > 0
      out('completion at end of line ' .. index .. ': ' .. table.concat(labels, ' '))
    end
    break
  end
end

vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
if ok and settings_ok and hover_ok and completion_ok then
  out('neovim check: ok')
  vim.cmd('qall!')
else
  out('neovim check: FAILED (diagnostics ' .. tostring(ok) .. ', settings ' .. tostring(settings_ok) .. ', hover ' .. tostring(hover_ok) .. ', completion ' .. tostring(completion_ok) .. ')')
  vim.cmd('cquit 1')
end
