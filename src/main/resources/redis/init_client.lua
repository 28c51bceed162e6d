-- Loads a client into Redis from PostgreSQL truth unless it is already there (then nothing changes).
-- KEYS: client hash, agency partial. ARGV: agency, day, budget, cash, coupons, credit, then today's
-- s sp sb m0 m1 m2 m3 i k v. Reply: 1 loaded, 0 already present.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local st = setmetatable({}, ZERO)
st.d, st.b, st.ca, st.co, st.cr = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
for j = 1, #TODAY do st[TODAY[j]] = tonumber(ARGV[6 + j]) end
local t = redis.call('TIME')
st.r = tonumber(t[1]) * 1000000 + tonumber(t[2])
save(KEYS[1], st, CLIENT)
redis.call('HSET', KEYS[1], 'a', ARGV[1])
local at = load(KEYS[2])
roll(at, st.d, true)
at.ca, at.co, at.cr = at.ca + st.ca, at.co + st.co, at.cr + st.cr
if at.d == st.d then
  for j = 1, #TODAY do at[TODAY[j]] = at[TODAY[j]] + st[TODAY[j]] end
  if st.s > 0 then at.n = at.n + 1 end
end
save(KEYS[2], at, AGENCY)
return 1
