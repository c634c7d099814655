-- Neovim's own LSP client (headless) against `vp lsp`: open a unit plan of the
-- bundled tree, misspell a nämndmål and receive VP012, then complete the
-- nämndmål id. Run by .ci/run:
--   VP_BIN=target/debug/vp VP_PLANS=$PWD/plans nvim --headless -n -i NONE -u tests/nvim/lsp.lua
-- Exit code 0 when every step worked; 1 with the reason on standard error.
-- Written for Neovim 0.7 (Debian 12), so vim.lsp.start_client, not vim.lsp.start.

local function fail(msg)
  io.stderr:write("nvim-lsp: " .. msg .. "\n")
  vim.cmd("cquit 1")
end

local vp = os.getenv("VP_BIN")
local plans = os.getenv("VP_PLANS")
if not vp or vp == "" or not plans or plans == "" then
  fail("VP_BIN och VP_PLANS måste anges")
end
if vim.fn.executable(vp) ~= 1 then
  fail(vp .. " finns inte eller kan inte köras")
end

local file = plans .. "/2020/hagersten-liljeholmen/resursenheten.yaml"
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = "vp",
  cmd = { vp, "lsp" },
  root_dir = plans,
  workspace_folders = { { uri = vim.uri_from_fname(plans), name = "plans" } },
})
if not client_id then
  fail("vp lsp kunde inte startas")
end
vim.lsp.buf_attach_client(buf, client_id)
local started = vim.wait(20000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end, 50)
if not started then
  fail("vp lsp svarade inte på initialize")
end

-- The line naming the nämndmål, 0-based.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local row
for i, l in ipairs(lines) do
  if l == "  - nämndmål: medvetna-val-for-miljon" then
    row = i - 1
  end
end
if not row then
  fail("raden med nämndmålet medvetna-val-for-miljon finns inte i " .. file)
end

-- A misspelt nämndmål: VP012 published for the buffer.
vim.api.nvim_buf_set_lines(buf, row, row + 1, false, { "  - nämndmål: medvetna-val-for-miljo" })
local function code(d)
  if d.code then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end
local found = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code(d) == "VP012" and d.lnum == row then
      return true
    end
  end
  return false
end, 50)
if not found then
  fail("inget VP012 för det felstavade nämndmålet")
end

-- Completion of the nämndmål id from the nämnd's plan.
local typed = "  - nämndmål: medv"
vim.api.nvim_buf_set_lines(buf, row, row + 1, false, { typed })
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = row, character = vim.str_utfindex(typed, #typed) },
}
local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 20000)
local completed = false
for _, response in pairs(responses or {}) do
  local items = response.result or {}
  if items.items then
    items = items.items
  end
  for _, item in ipairs(items) do
    if item.label == "medvetna-val-for-miljon" and (item.detail or ""):find("miljön") then
      completed = true
    end
  end
end
if not completed then
  fail("kompletteringen gav inte nämndmålet medvetna-val-for-miljon")
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
io.stdout:write("nvim-lsp: VP012 mottaget och nämndmålet kompletterat\n")
vim.cmd("qall!")
