-- Applies one partition's slice of an ingest batch atomically, pre-aggregated per client by the caller:
-- de-duplicates the event ids, moves the clients' and agencies' live figures by per-client sums, draws
-- balances once per client (coupons, then cash, then credit, the rest is arrears) and appends the
-- persistence record lines (events summed per spend_hourly row) with the clients' draws as ONE stream
-- entry: field r the lines as given, field d one line per client 'client id|coupon|cash|credit'. Nothing
-- here is per event but the de-duplication; SpendRecord.java holds the entry's format.
-- The caller builds the arguments with ApplyEventsCall; the blocks, in order (the *_AT names below are
-- the index just before a block starts, so its element i is KEYS/ARGV[X_AT + i]):
-- KEYS: stream | client hashes[nc] (CLIENT_AT) | client rings[nc] (CLIENT_RING_AT) | agency partials[na]
--   (AGENCY_AT) | agency rings[na] (AGENCY_RING_AT) | dedupe sets[nd] (DEDUPE_AT).
-- ARGV: header (nc, na, nd, now minute, dedupe ttl, nu units) | agency index of each client[nc]
--   (AGENCY_OF_AT) | number of event ids of each dedupe set[nd] (IDS_PER_SET_AT) | the event ids, set by
--   set (IDS_AT) | ONE string of little-endian 64-bit integers (PACKED_ARG): the units in ascending
--   business day (UNIT, fields U_*), then per client its index, id and cost in this call (DRAW) | the
--   record lines, '\n'-separated (LINES_ARG).
-- Reply: {0, missing client indexes...} when a client is not loaded, {2, positions of ids already
-- seen...} when an event id is a duplicate (nothing applied in either case: the caller drops those and
-- sends again), else {1, {client snapshot}...}.
local nc, na, nd = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now, ttl, nu = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local HEADER, STREAM = 6, 1
local CLIENT_AT, CLIENT_RING_AT, AGENCY_AT = 1, 1 + nc, 1 + 2 * nc
local AGENCY_RING_AT, DEDUPE_AT = AGENCY_AT + na, AGENCY_AT + 2 * na
local AGENCY_OF_AT = HEADER
local IDS_PER_SET_AT = AGENCY_OF_AT + nc
local IDS_AT = IDS_PER_SET_AT + nd
-- A unit: client index, business day, minute, then the sums U_COST .. U_CONVERSIONS.
local UNIT = '<' .. string.rep('i8', 13)
local U_CLIENT, U_DAY, U_MINUTE, U_COST, U_PERFORMANCE, U_BRAND = 1, 2, 3, 4, 5, 6
local U_MODE_AT, U_IMPRESSIONS, U_CLICKS, U_CONVERSIONS, U_NEXT = 6, 11, 12, 13, 14   -- cost by mode m (0..3): U_MODE_AT + 1 + m
local DRAW = '<i8i8i8'
local CHUNK = 1000

local missing = {0}
for ci = 1, nc do
  if redis.call('EXISTS', KEYS[CLIENT_AT + ci]) == 0 then missing[#missing + 1] = ci end
end
if #missing > 1 then return missing end

-- De-duplicate: one SMISMEMBER per chunk of a dedupe set; any id seen before aborts the whole call.
local seen = {2}
local o = IDS_AT
for di = 1, nd do
  local count = tonumber(ARGV[IDS_PER_SET_AT + di])
  for from = 0, count - 1, CHUNK do
    local size = math.min(CHUNK, count - from)
    local flags = redis.call('SMISMEMBER', KEYS[DEDUPE_AT + di], unpack(ARGV, o + from + 1, o + from + size))
    for e = 1, size do
      if flags[e] == 1 then seen[#seen + 1] = o + from + e - IDS_AT end
    end
  end
  o = o + count
end
if #seen > 1 then return seen end
o = IDS_AT
for di = 1, nd do
  local count = tonumber(ARGV[IDS_PER_SET_AT + di])
  for from = 0, count - 1, CHUNK do
    redis.call('SADD', KEYS[DEDUPE_AT + di], unpack(ARGV, o + from + 1, o + from + math.min(CHUNK, count - from)))
  end
  redis.call('EXPIRE', KEYS[DEDUPE_AT + di], ttl)
  o = o + count
end

local cs, cring, as, aring = {}, {}, {}, {}
local function state(ci)
  local st = cs[ci]
  if not st then st = load(KEYS[CLIENT_AT + ci]); cs[ci] = st; cring[ci] = {} end
  local ai = tonumber(ARGV[AGENCY_OF_AT + ci])
  local at = as[ai]
  if not at then at = load(KEYS[AGENCY_AT + ai]); as[ai] = at; aring[ai] = {} end
  return st, at, ai
end

local function add_unit(t, u)
  t.s = t.s + u[U_COST]
  t.sp = t.sp + u[U_PERFORMANCE]
  t.sb = t.sb + u[U_BRAND]
  t.m0 = t.m0 + u[U_MODE_AT + 1]
  t.m1 = t.m1 + u[U_MODE_AT + 2]
  t.m2 = t.m2 + u[U_MODE_AT + 3]
  t.m3 = t.m3 + u[U_MODE_AT + 4]
  t.i = t.i + u[U_IMPRESSIONS]
  t.k = t.k + u[U_CLICKS]
  t.v = t.v + u[U_CONVERSIONS]
end

-- Today's figures and minute rings, per client, day and minute.
local PACKED_ARG = o + 1                  -- the event ids end at o
local LINES_ARG = PACKED_ARG + 1
local packed, pos = ARGV[PACKED_ARG], 1
for _ = 1, nu do
  local u = {struct.unpack(UNIT, packed, pos)}
  pos = u[U_NEXT]
  local ci, day, cost = u[U_CLIENT], u[U_DAY], u[U_COST]
  local m = string.format('%d', u[U_MINUTE])
  local st, at, ai = state(ci)
  roll(st, day, false)
  roll(at, day, true)
  if day == at.d and day == st.d and st.s == 0 and cost > 0 then at.n = at.n + 1 end
  if day == st.d then add_unit(st, u) end
  if day == at.d then add_unit(at, u) end
  if cost > 0 then
    cring[ci][m] = (cring[ci][m] or 0) + cost
    aring[ai][m] = (aring[ai][m] or 0) + cost
  end
end

-- Balance draw per client on its cost in this call. The lines' coupon/credit split is not worked out
-- here: SpendRecord replays each client's draw over its lines in their order, which gives what drawing
-- line by line (or event by event) would.
local draws = {}
for w = 1, nc do
  local ci, id, cost
  ci, id, cost, pos = struct.unpack(DRAW, packed, pos)
  local st, at = state(ci)
  local coupon = math.min(cost, st.co)
  local cash = math.min(cost - coupon, st.ca)
  local credit = math.min(cost - coupon - cash, st.cr)
  local arrears = cost - coupon - cash - credit
  st.co, st.ca, st.cr, st.ar = st.co - coupon, st.ca - cash, st.cr - credit, st.ar + arrears
  at.co, at.ca, at.cr, at.ar = at.co - coupon, at.ca - cash, at.cr - credit, at.ar + arrears
  draws[w] = string.format('%d|%d|%d|%d', id, coupon, cash, credit)
end

redis.call('XADD', KEYS[STREAM], '*', 'r', ARGV[LINES_ARG], 'd', table.concat(draws, '\n'))
for ai, at in pairs(as) do
  save(KEYS[AGENCY_AT + ai], at, AGENCY)
  ring_add(KEYS[AGENCY_RING_AT + ai], aring[ai])
end
local out = {1}
for ci, st in pairs(cs) do
  st.r = st.r + 1
  save(KEYS[CLIENT_AT + ci], st, CLIENT)
  ring_add(KEYS[CLIENT_RING_AT + ci], cring[ci])
  out[#out + 1] = snapshot(ci, st, KEYS[CLIENT_AT + ci], KEYS[CLIENT_RING_AT + ci], now)
end
return out
