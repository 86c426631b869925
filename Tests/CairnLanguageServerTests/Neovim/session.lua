-- Drives cairn lsp through Neovim's own LSP client (0.7 and later), headless.
-- Environment: CAIRN_BIN (the cairn binary), ROOT (a folder with Flows/main.yaml), OUT (a file for
-- the results, one line each). Run: nvim --headless -u NONE -i NONE -c "luafile session.lua"
local out = io.open(os.getenv("OUT"), "w")
local function log(s) out:write(s .. "\n"); out:flush() end
local root = os.getenv("ROOT")
local published = {}
local client_id = vim.lsp.start_client({
  name = "cairn",
  cmd = { os.getenv("CAIRN_BIN"), "lsp" },
  root_dir = root,
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      published[result.uri] = result.diagnostics
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
log("client " .. tostring(client_id ~= nil))
vim.cmd("edit " .. root .. "/Flows/main.yaml")
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)
local uri = vim.uri_from_bufnr(buf)

local ok = vim.wait(30000, function() return published[uri] ~= nil end, 20)
log("opened " .. tostring(ok) .. " " .. tostring(published[uri] and #published[uri]))

-- A mistake, typed the way an editor sends it.
published[uri] = nil
vim.api.nvim_buf_set_lines(buf, 8, 9, false, { "        go: ask_nmae" })
ok = vim.wait(30000, function() return published[uri] ~= nil and #published[uri] > 0 end, 20)
for _, d in ipairs(published[uri] or {}) do
  log("diagnostic " .. d.code .. " " .. d.range.start.line .. ":" .. d.range.start.character)
end
published[uri] = nil
vim.api.nvim_buf_set_lines(buf, 8, 9, false, { "        go: ask_name" })
ok = vim.wait(30000, function() return published[uri] ~= nil and #published[uri] == 0 end, 20)
log("fixed " .. tostring(ok))

local function request(method, params)
  local results = vim.lsp.buf_request_sync(buf, method, params, 30000) or {}
  for _, r in pairs(results) do return r.result end
end
local at = { textDocument = { uri = uri }, position = { line = 8, character = 14 } }
for _, loc in ipairs(request("textDocument/definition", at) or {}) do
  log("definition " .. loc.range.start.line .. ":" .. loc.range.start.character)
end
local hover = request("textDocument/hover", at)
if hover then
  for line in hover.contents.value:gmatch("[^\n]+") do
    if line:sub(1, 1) == ">" then log("hover " .. line) end
  end
end
local completion = request("textDocument/completion", { textDocument = { uri = uri }, position = { line = 8, character = 12 } })
local labels = {}
for _, item in ipairs((completion and completion.items) or {}) do table.insert(labels, item.label) end
table.sort(labels)
log("completion " .. table.concat(labels, ","))

vim.lsp.stop_client(client_id)
ok = vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
log("stopped " .. tostring(ok))
out:close()
vim.cmd("qa!")
