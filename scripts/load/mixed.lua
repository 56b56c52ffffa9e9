-- wrk script: a mix of public pages, drawn at random per request, as readers spread
-- over a portal: home, a country, country pairs, governments, an agreement, charts,
-- browse lists, search and twins. scripts/load/run.sh runs it with and without
-- officials reporting, so the two figures compare in one run.
local paths = {
  "/", "/countries/ca", "/countries/kr", "/countries/ca/kr", "/countries/jp/kr",
  "/governments/burnaby-ca", "/governments/dangjin-kr", "/governments/victoria-ca",
  "/agreements/burnaby-ca--hwaseong-kr", "/charts/agreements-by-year?country=kr",
  "/charts/activities-by-year?country=ca&partner=kr", "/agreements?country=ca", "/activities",
  "/governments?country=kr", "/search?q=seoul", "/countries/ca/kr.csv", "/fr/countries/ca/kr", "/ko/governments/dangjin-kr",
}

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)], { ["Accept-Encoding"] = "gzip" })
end
