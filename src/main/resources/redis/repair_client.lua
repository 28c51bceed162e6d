-- Sets a client's today figures to PostgreSQL truth (reconciler), only if they have not moved since
-- they were measured. KEYS: client hash, agency partial. ARGV: day, expected spend, then the true
-- s sp sb m0 m1 m2 m3 i k v. Reply: 1 repaired, 0 moved meanwhile (try again later).
local st = load(KEYS[1])
local day = tonumber(ARGV[1])
if st.d ~= day or st.s ~= tonumber(ARGV[2]) then return 0 end
local at = load(KEYS[2])
for j = 1, #TODAY do
  local f = TODAY[j]
  local v = tonumber(ARGV[2 + j])
  if at.d == day then at[f] = at[f] + v - st[f] end
  st[f] = v
end
st.r = st.r + 1
save(KEYS[1], st, CLIENT)
save(KEYS[2], at, AGENCY)
return 1
