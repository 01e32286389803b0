-- bench/production.lua: wrk rotates over the requests of the file named after "--" (written by bench/production.py)
-- and checks every answer: the status each request must get, the marker its page must show (the organisation's own
-- name on a signed-in page) and the markers it must not (the other measured organisations' names).
-- Run with as many threads as connections: each thread then has one connection, so an answer is always the answer
-- to the request this thread sent last.

local threads = {}
local requests_spec, count, position, current

checked, mismatches, unexpected, statuses = 0, 0, 0, {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

function init(args)
  local spec = dofile(args[1])
  requests_spec = {}
  for index, entry in ipairs(spec) do
    requests_spec[index] = {raw = wrk.format(entry.method, entry.path, entry.headers, entry.body),
                            status = entry.status, expect = entry.expect, forbid = entry.forbid}
  end
  count = #requests_spec
  position = ((thread_no or 1) * 7919) % count  -- threads start at different places of the list
  statuses = {}
end

function request()
  position = position % count + 1
  current = requests_spec[position]
  return current.raw
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local entry = current
  if entry == nil then return end
  if status ~= entry.status then
    if status < 400 then unexpected = unexpected + 1 end  -- wrk counts the others itself (non-2xx/3xx)
    return
  end
  if entry.expect then
    checked = checked + 1
    if not string.find(body, entry.expect, 1, true) then
      mismatches = mismatches + 1
      return
    end
    for _, other in ipairs(entry.forbid or {}) do
      if string.find(body, other, 1, true) then
        mismatches = mismatches + 1
        return
      end
    end
  end
end

function done(summary, latency, requests)
  local total_checked, total_mismatches, total_unexpected, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_mismatches = total_mismatches + thread:get("mismatches")
    total_unexpected = total_unexpected + thread:get("unexpected")
    for code, number in pairs(thread:get("statuses")) do
      by_status[code] = (by_status[code] or 0) + number
    end
  end
  io.write(string.format("PRODUCTION checked=%d mismatches=%d unexpected=%d\n", total_checked, total_mismatches,
                         total_unexpected))
  local parts = {}
  for code, number in pairs(by_status) do table.insert(parts, code .. ":" .. number) end
  io.write("PRODUCTION statuses=" .. table.concat(parts, ",") .. "\n")
end
