-- Converts many speech bodies in one pandoc process (run as `pandoc lua batch.lua IN OUT`).
--
-- IN is a JSON file: {"filter": PATH, "format": READER, "items": [{"text": ..., "id_prefix": ...}]}.
-- OUT receives a JSON array with one {"html": ...} or {"error": ...} per item, in order.
-- It does what `pandoc --sandbox --section-divs --wrap=none --lua-filter=body.lua
-- --id-prefix=P -f READER -t html5` does for one document: documents are read only from
-- strings with pandoc.read, in a sandbox with no files (the fourth argument), never from disk.

local infile, outfile = arg[1], arg[2]
local handle = assert(io.open(infile, "rb"))
local request = pandoc.json.decode(handle:read("a"), false)
handle:close()

-- body.lua defines the global Pandoc(doc) filter function.
dofile(request.filter)
local body_filter = Pandoc

local results = {}
for i, item in ipairs(request.items) do
  local ok, html = pcall(function()
    local doc = pandoc.read(item.text, request.format, nil, {})
    doc = body_filter(doc) or doc
    local options = pandoc.WriterOptions {
      section_divs = true,
      wrap_text = "wrap-none",
      identifier_prefix = item.id_prefix,
    }
    -- The command line ends its output with a newline; so does this.
    return pandoc.write(doc, "html5", options) .. "\n"
  end)
  if ok then
    results[i] = { html = html }
  else
    results[i] = { error = tostring(html) }
  end
end

local out = assert(io.open(outfile, "wb"))
out:write(pandoc.json.encode(results))
out:close()
