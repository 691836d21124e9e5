-- Shared by every case: a monotonic clock, per-thread series and counters, one JSON report.
-- Each wrk thread drives one connection (threads = connections), so per-thread state is
-- per-connection state.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")

function now_us()
   ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
   return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

-- Latencies live in flat global tables named series_<name> (wrk copies a table from a
-- thread only one level deep); a case lists its names in SERIES.
SERIES = SERIES or {}
counters = {}

function record(name, value)
   local values = _G["series_" .. name]
   if values == nil then
      values = {}
      _G["series_" .. name] = values
   end
   values[#values + 1] = value
end

function count(name)
   counters[name] = (counters[name] or 0) + 1
end

local threads, next_tid = {}, 0

function setup(thread)
   next_tid = next_tid + 1
   thread:set("tid", next_tid)
   threads[#threads + 1] = thread
end

local function percentile(sorted, p)
   if #sorted == 0 then return 0 end
   return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

local function summarize(values)
   table.sort(values)
   local total = 0
   for _, v in ipairs(values) do total = total + v end
   local mean = #values > 0 and total / #values or 0
   return string.format('{"count": %d, "p50": %.1f, "p99": %.1f, "mean": %.1f}',
      #values, percentile(values, 50), percentile(values, 99), mean)
end

local function merged()
   local all_series, all_counters = {}, {}
   for _, thread in ipairs(threads) do
      for _, name in ipairs(SERIES) do
         local into = all_series[name] or {}
         for _, v in ipairs(thread:get("series_" .. name) or {}) do into[#into + 1] = v end
         all_series[name] = into
      end
      for name, n in pairs(thread:get("counters") or {}) do
         all_counters[name] = (all_counters[name] or 0) + n
      end
   end
   return all_series, all_counters
end

function done(summary, latency, requests)
   local all_series, all_counters = merged()
   local parts = {}
   for name, values in pairs(all_series) do
      parts[#parts + 1] = string.format('"%s": %s', name, summarize(values))
   end
   local tallies = {}
   for name, n in pairs(all_counters) do
      tallies[#tallies + 1] = string.format('"%s": %d', name, n)
   end
   local e = summary.errors
   io.write(string.format('BENCH_JSON {"requests": %d, "duration_us": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"latency": {"p50": %.1f, "p99": %.1f, "mean": %.1f, "max": %.1f}, ' ..
      '"series": {%s}, "counters": {%s}}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
      table.concat(parts, ", "), table.concat(tallies, ", ")))
end
