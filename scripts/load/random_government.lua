-- wrk script: every request asks for a government drawn at random from the file
-- named by $SLUGS (one slug per line), so most pages are not cached yet.
local slugs = {}
for line in io.lines(os.getenv("SLUGS")) do
  slugs[#slugs + 1] = line
end

-- Each wrk thread draws its own sequence.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

request = function()
  return wrk.format("GET", "/governments/" .. slugs[math.random(#slugs)])
end
