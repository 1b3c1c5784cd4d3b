-- wrk script for scripts/bench: one request shape per run, status counts per thread, and
-- a JSON summary on stdout that scripts/bench_http.py reads (the line starting "BENCHJSON ").
--
-- Environment (set by bench_http.py):
--   BENCH_METHOD       GET or POST
--   BENCH_PATH         request path
--   BENCH_COOKIE       Cookie header value (optional)
--   BENCH_BODY_PREFIX  urlencoded body before the form token (POST)
--   BENCH_BODY_SUFFIX  urlencoded body after the form token (POST)
--   BENCH_TOKENS       file with one form token per line (POST to the app); without it the
--                      body has no changing part (the baseline gets a fixed dummy token)
--   BENCH_CODES_OUT    file to write the receipt codes of accepted submissions to
--
-- Every thread takes tokens i, i+T, i+2T, ... (i = thread number, T = thread count), so no
-- token is sent twice. A thread that runs out of tokens stops and says so ("exhausted").

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local cookie = os.getenv("BENCH_COOKIE")
local body_prefix = os.getenv("BENCH_BODY_PREFIX") or ""
local body_suffix = os.getenv("BENCH_BODY_SUFFIX") or ""
local tokens_file = os.getenv("BENCH_TOKENS")
local codes_out = os.getenv("BENCH_CODES_OUT")

-- main state ----------------------------------------------------------------------------
local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

-- thread state --------------------------------------------------------------------------
local tokens = nil
local next_token = 0
local stride = 1
local fixed_request = nil

sent = 0
answered = 0
exhausted = 0
status_counts = {}
codes = {}
repeated = 0

function init(args)
   stride = tonumber(args[1]) or 1
   local headers = {}
   if cookie and cookie ~= "" then
      headers["Cookie"] = cookie
   end
   if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
   end
   if tokens_file and tokens_file ~= "" then
      tokens = {}
      for line in io.lines(tokens_file) do
         tokens[#tokens + 1] = line
      end
      next_token = thread_index + 1
      request_headers = headers
   else
      local body = nil
      if method == "POST" then
         body = body_prefix .. body_suffix
      end
      fixed_request = wrk.format(method, path, headers, body)
   end
end

function request()
   sent = sent + 1
   if fixed_request then
      return fixed_request
   end
   if next_token > #tokens then
      -- out of tokens: stop this thread and send a harmless GET rather than a repeat
      exhausted = 1
      wrk.thread:stop()
      return wrk.format("GET", path, request_headers)
   end
   local token = tokens[next_token]
   next_token = next_token + stride
   return wrk.format(method, path, request_headers, body_prefix .. token .. body_suffix)
end

function response(status, headers, body)
   answered = answered + 1
   local key = tostring(status)
   status_counts[key] = (status_counts[key] or 0) + 1
   if codes_out and status == 200 then
      local code = string.match(body, 'id="receipt%-code"[^>]-value="([%w%-]+)"')
      codes[#codes + 1] = code or "MISSING"
      if string.find(body, 'class="notice" role="status"', 1, true) then
         repeated = repeated + 1
      end
   end
end

-- main state again ------------------------------------------------------------------------
function done(summary, latency, requests)
   local statuses = {}
   local total_sent, total_answered, total_exhausted, total_repeated = 0, 0, 0, 0
   local out = nil
   if codes_out and codes_out ~= "" then
      out = assert(io.open(codes_out, "w"))
   end
   for _, thread in ipairs(threads) do
      total_sent = total_sent + (thread:get("sent") or 0)
      total_answered = total_answered + (thread:get("answered") or 0)
      total_exhausted = total_exhausted + (thread:get("exhausted") or 0)
      total_repeated = total_repeated + (thread:get("repeated") or 0)
      for key, count in pairs(thread:get("status_counts") or {}) do
         statuses[key] = (statuses[key] or 0) + count
      end
      if out then
         for _, code in ipairs(thread:get("codes") or {}) do
            out:write(code, "\n")
         end
      end
   end
   if out then
      out:close()
   end
   local parts = {}
   for key, count in pairs(statuses) do
      parts[#parts + 1] = string.format('"%s": %d', key, count)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
         .. '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}, '
         .. '"sent": %d, "answered": %d, "exhausted_threads": %d, "repeated": %d, '
         .. '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean,
      total_sent, total_answered, total_exhausted, total_repeated,
      table.concat(parts, ", ")))
end
