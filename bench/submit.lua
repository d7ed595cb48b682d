-- wrk script: POST exactly BENCH_WRK_REQUESTS JSON bodies, split over wrk's threads, then stop.
--
-- wrk runs for a duration, not a count, so every thread reserves one request per delay() call
-- (wrk calls delay() before each request when the script defines it) until it has reserved its
-- share; then its connections park and it stops itself once the share is answered. It appends
-- its index to BENCH_WRK_DONE_FILE so the harness knows when to interrupt wrk's main thread.
-- With BENCH_WRK_RATE > 0 the reservations are also spaced to offer that fixed rate.
--
-- Environment: BENCH_WRK_BODY_FILE, BENCH_WRK_REQUESTS, BENCH_WRK_THREADS, BENCH_WRK_RATE,
-- BENCH_WRK_EXPECTED_STATUS, BENCH_WRK_DONE_FILE. done() prints one line: "BENCH_WRK {json}".

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_REALTIME = 0
local PARKED_MS = 3600 * 1000

local function now_s()
  local ts = ffi.new("bench_timespec")
  ffi.C.clock_gettime(CLOCK_REALTIME, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local total = tonumber(os.getenv("BENCH_WRK_REQUESTS"))
local thread_count = tonumber(os.getenv("BENCH_WRK_THREADS"))
local rate = tonumber(os.getenv("BENCH_WRK_RATE") or "0")
local expected_status = tonumber(os.getenv("BENCH_WRK_EXPECTED_STATUS") or "202")

-- Main state: one entry per thread, read back in done().
local threads = {}

function setup(thread)
  local index = #threads
  table.insert(threads, thread)
  local share = math.floor(total / thread_count)
  if index < total % thread_count then
    share = share + 1
  end
  thread:set("share", share)
  thread:set("index", index)
  if rate > 0 then
    -- The share spread over the whole run: total / rate seconds.
    thread:set("interval_s", (total / rate) / share)
  end
end

-- Thread state: globals, because done() reads them with thread:get().
share = 0
index = 0
interval_s = 0
reserved = 0
responses = 0
unexpected = 0
first_at = -1
last_at = -1
local finished = false
local next_slot = nil
local request_text = nil

function init(args)
  local file = assert(io.open(os.getenv("BENCH_WRK_BODY_FILE"), "rb"))
  local body = file:read("*a")
  file:close()
  request_text = wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json" }, body)
end

function delay()
  if reserved >= share then
    return PARKED_MS
  end
  reserved = reserved + 1
  local now = now_s()
  if first_at < 0 then
    first_at = now
    next_slot = now
  end
  if interval_s <= 0 then
    return 0
  end
  local wait = next_slot - now
  next_slot = next_slot + interval_s
  if wait <= 0 then
    return 0
  end
  return math.floor(wait * 1000 + 0.5)
end

function request()
  return request_text
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= expected_status then
    unexpected = unexpected + 1
  end
  if responses >= share and not finished then
    finished = true
    last_at = now_s()
    local file = assert(io.open(os.getenv("BENCH_WRK_DONE_FILE"), "a"))
    file:write(string.format("%d\n", index))
    file:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local started, finished_at, requested, answered, wrong = nil, nil, 0, 0, 0
  for _, thread in ipairs(threads) do
    local first, last = thread:get("first_at"), thread:get("last_at")
    if first >= 0 and (started == nil or first < started) then
      started = first
    end
    if last >= 0 and (finished_at == nil or last > finished_at) then
      finished_at = last
    end
    requested = requested + thread:get("reserved")
    answered = answered + thread:get("responses")
    wrong = wrong + thread:get("unexpected")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_WRK {"requests": %d, "responses": %d, "unexpected_status": %d, "started_at": %.6f, "finished_at": %.6f, '
      .. '"socket_errors": %d, "latency_p50_us": %d, "latency_p99_us": %d, "latency_max_us": %d}\n',
    requested, answered, wrong, started or -1, finished_at or -1,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max
  ))
end
