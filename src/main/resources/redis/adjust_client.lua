-- Moves a loaded client's balances and/or daily budget. KEYS: client hash, client ring, agency partial.
-- ARGV: now minute, cash delta, coupon delta, credit delta, new budget (-1 keeps it), day today.
-- Cash paid in settles arrears first; no balance goes below zero. Reply: {0} when the client is not
-- loaded (nothing changed), else {1, snapshot}.
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local now = tonumber(ARGV[1])
local st = load(KEYS[1])
local at = load(KEYS[3])
local dca, dco, dcr, budget = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
roll(st, tonumber(ARGV[6]), false)
local settle = 0
if dca > 0 then settle = math.min(dca, st.ar) end
local ca = math.max(0, st.ca + dca - settle)
local co = math.max(0, st.co + dco)
local cr = math.max(0, st.cr + dcr)
at.ca, at.co, at.cr, at.ar = at.ca + ca - st.ca, at.co + co - st.co, at.cr + cr - st.cr, at.ar - settle
st.ca, st.co, st.cr, st.ar = ca, co, cr, st.ar - settle
if budget >= 0 then st.b = budget end
st.r = st.r + 1
save(KEYS[1], st, CLIENT)
save(KEYS[3], at, {'ca', 'co', 'cr', 'ar'})
return {1, snapshot(1, st, KEYS[1], KEYS[2], now)}
