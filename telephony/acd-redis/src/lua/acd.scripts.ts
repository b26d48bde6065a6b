/**
 * ENQUEUE: args[5..] callId, acdGroupId, priority, enqueuedAt, skills ("s=l,..."), owner, score.
 * Adds the call (idempotent on callId) and offers it at once if an agent may take it.
 * Returns {'offered', callId, agents} | {'waiting'} | {'exists', state} | {'unknown-group'}.
 */
export const ENQUEUE_LUA = `
local call_id, group, prio, enq, skills, owner, score = args[5], args[6], args[7], args[8], args[9], args[10], args[11]
local ck = kCall(call_id)
if redis.call('EXISTS', ck) == 1 then return { 'exists', redis.call('HGET', ck, 'state') } end
if not group_cfg(group) then return { 'unknown-group' } end
local agents = pick_agents(group, enq, skills)
if #agents > 0 then
  -- An agent is free: the call goes straight to offered, never touching the waiting list.
  redis.call('HSET', ck, 'group', group, 'prio', prio, 'enq', enq, 'skills', skills, 'owner', owner,
    'score', score, 'state', 'offered', 'agents', table.concat(agents, ','))
  local o = mark_offered(call_id, group, agents)
  publish()
  return { 'offered', o[1], o[2] }
end
redis.call('HSET', ck, 'group', group, 'prio', prio, 'enq', enq, 'skills', skills, 'owner', owner, 'state', 'waiting', 'score', score)
redis.call('ZADD', kCalls(group), score, call_id)
redis.call('SADD', K_WAITING_GROUPS, group)
EVENTS[#EVENTS + 1] = { type = 'call-waiting', callId = call_id, acdGroupId = group }
publish()
return { 'waiting' }
`;

/**
 * APPLY: writes agent updates the domain computed, compare-and-set on each agent's version, and
 * keeps every index in step: idle sets, seat pool, wrap-up timers, the offered call, history.
 * Then re-routes: calls that went back to waiting first, then agents that became available.
 *
 * args[5] seat limit (-1: none), [6] call to remove ('' none), [7] n, then n records of
 * agentId, expectedVersion, history entry (history-entry.codec.ts, or '' for none),
 * callOp ('' | 'accept' | 'decline' | 'withdraw'), callId, f, then f field/value pairs: the
 * agent's whole new hash. Plain arguments rather than JSON: decoding was a tenth of the script.
 * Returns {'ok', offers...} | {'conflict', agentId} | {'call-mismatch', agentId, callId}
 * | {'seats-full', limit} | {'no-call'}.
 */
export const APPLY_LUA = `
local seat_limit = tonumber(args[5])
local remove_call = args[6]
local n = tonumber(args[7])
local ups = {}
local acquire = 0
local b = 8
for i = 1, n do
  local fields, fb, fe = read_fields(args, b + 5)
  local u = { a = args[b], expected = tonumber(args[b + 1]), change = args[b + 2], op = args[b + 3], call = args[b + 4], fields = fields, fb = fb, fe = fe }
  b = fe + 1
  local cur = redis.call('HMGET', kAgent(u.a), 'v', 'state')
  if (tonumber(cur[1]) or 0) ~= u.expected then return { 'conflict', u.a } end
  u.from = cur[2] or 'logged-out'
  if u.op ~= '' then
    local c = redis.call('HMGET', kCall(u.call), 'state', 'agents')
    local found = false
    for _, x in ipairs(split(c[2])) do if x == u.a then found = true end end
    if c[1] ~= 'offered' or not found then return { 'call-mismatch', u.a, u.call } end
    u.call_agents = c[2]
  end
  if u.from == 'logged-out' and u.fields.state ~= 'logged-out' then acquire = acquire + 1 end
  ups[#ups + 1] = u
end
-- A step that ends a call (answer, or removal below) must settle every agent the call rings
-- NOW: the call may have been re-offered to more agents since the caller read it.
local function unsettled(call_id, agents)
  for _, a in ipairs(split(agents or redis.call('HGET', kCall(call_id), 'agents'))) do
    local settled = false
    for _, u in ipairs(ups) do if u.a == a and u.call == call_id then settled = true end end
    if not settled then return a end
  end
  return nil
end
for _, u in ipairs(ups) do
  if u.op == 'accept' then
    local a = unsettled(u.call, u.call_agents)
    if a then return { 'call-mismatch', a, u.call } end
  end
end
if acquire > 0 and seat_limit >= 0 and redis.call('SCARD', K_SEATS) + acquire > seat_limit then
  return { 'seats-full', seat_limit }
end
if remove_call ~= '' then
  local ck = kCall(remove_call)
  local c = redis.call('HMGET', ck, 'group', 'state')
  if not c[1] then return { 'no-call' } end
  local a = unsettled(remove_call)
  if a then return { 'call-mismatch', a, remove_call } end
  redis.call('ZREM', kCalls(c[1]), remove_call)
  if redis.call('ZCARD', kCalls(c[1])) == 0 then redis.call('SREM', K_WAITING_GROUPS, c[1]) end
  redis.call('ZREM', K_OFFERS, remove_call)
  redis.call('DEL', ck)
  EVENTS[#EVENTS + 1] = { type = 'call-removed', callId = remove_call }
end

local requeued = {}
local freed = {}
for _, u in ipairs(ups) do
  local ak = kAgent(u.a)
  redis.call('DEL', ak)
  redis.call('HSET', ak, unpack(args, u.fb, u.fe))
  local to = u.fields.state
  -- Seat pool and agent index change only at login and logout.
  if u.from == 'logged-out' and to ~= 'logged-out' then
    redis.call('SADD', K_SEATS, u.a)
    redis.call('SADD', K_AGENTS, u.a)
  elseif to == 'logged-out' then
    redis.call('SREM', K_SEATS, u.a)
  end
  if to == 'available' then
    add_idle(u.a, tonumber(u.fields.idleSince), tonumber(u.fields.lastOfferAt))
    freed[#freed + 1] = u.a
  elseif u.from == 'available' then
    remove_idle(u.a)
  end
  if to == 'wrap-up' then redis.call('ZADD', K_WRAPUPS, u.fields.wrapUpEndsAt, u.a) elseif u.from == 'wrap-up' then redis.call('ZREM', K_WRAPUPS, u.a) end
  if u.change ~= '' then history_entry(u.change) end
  EVENTS[#EVENTS + 1] = { type = 'agent', agentId = u.a, state = to, version = tonumber(u.fields.v) }
  local ck = kCall(u.call)
  if u.op == 'accept' then
    redis.call('ZREM', K_OFFERS, u.call)
    redis.call('DEL', ck)
    EVENTS[#EVENTS + 1] = { type = 'call-answered', callId = u.call, agentId = u.a }
  elseif (u.op == 'decline' or u.op == 'withdraw') and redis.call('EXISTS', ck) == 1 then
    local rest = {}
    for _, x in ipairs(split(redis.call('HGET', ck, 'agents'))) do if x ~= u.a then rest[#rest + 1] = x end end
    if #rest > 0 then
      redis.call('HSET', ck, 'agents', table.concat(rest, ','))
    else
      -- Nobody rings any more: back to waiting with the original score, so the caller keeps their place.
      local c = redis.call('HMGET', ck, 'group', 'score')
      redis.call('HSET', ck, 'state', 'waiting')
      redis.call('HDEL', ck, 'agents')
      redis.call('ZREM', K_OFFERS, u.call)
      redis.call('ZADD', kCalls(c[1]), c[2], u.call)
      redis.call('SADD', K_WAITING_GROUPS, c[1])
      requeued[#requeued + 1] = u.call
    end
  end
end

local out = { 'ok' }
for _, c in ipairs(requeued) do
  if redis.call('HGET', kCall(c), 'state') == 'waiting' then
    local o = route_call(c)
    if o then out[#out + 1] = o[1]; out[#out + 1] = o[2] end
  end
end
for _, a in ipairs(freed) do
  if redis.call('HGET', kAgent(a), 'state') == 'available' then
    local o = route_agent(a)
    if o then out[#out + 1] = o[1]; out[#out + 1] = o[2] end
  end
end
publish()
return out
`;

/**
 * ROUTE_PASS: args[5] max calls. Offers waiting calls in each ACD group that has some, in
 * order; needed because skill requirements relax as callers wait, which no event announces.
 * Returns flat pairs callId, agents.
 */
export const ROUTE_PASS_LUA = `
local budget = tonumber(args[5])
local out = {}
for _, g in ipairs(redis.call('SMEMBERS', K_WAITING_GROUPS)) do
  if redis.call('ZCARD', kIdle(g)) > 0 then
    for _, c in ipairs(redis.call('ZRANGE', kCalls(g), 0, SCAN - 1)) do
      if budget <= 0 then break end
      budget = budget - 1
      local o = route_call(c)
      if o then out[#out + 1] = o[1]; out[#out + 1] = o[2] end
      if redis.call('ZCARD', kIdle(g)) == 0 then break end
    end
  end
end
publish()
return out
`;

/**
 * CLAIM (the AcdStore port's claimOffer): the domain computed the offer; write it if the call
 * still waits and every agent's version matches. args[5] callId, [6] n, then n records of
 * agentId, expectedVersion, history entry, f, then f field/value pairs (as APPLY). Returns 1 or 0.
 */
export const CLAIM_LUA = `
local call_id = args[5]
local n = tonumber(args[6])
local ck = kCall(call_id)
if redis.call('HGET', ck, 'state') ~= 'waiting' then return 0 end
local agents = {}
local recs = {}
local b = 7
for i = 1, n do
  local _, fb, fe = read_fields(args, b + 3)
  local a = args[b]
  if (tonumber(redis.call('HGET', kAgent(a), 'v')) or 0) ~= tonumber(args[b + 1]) then return 0 end
  if redis.call('HGET', kAgent(a), 'state') ~= 'available' then return 0 end
  agents[#agents + 1] = a
  recs[#recs + 1] = { a = a, entry = args[b + 2], fb = fb, fe = fe }
  b = fe + 1
end
local group = redis.call('HGET', ck, 'group')
for _, r in ipairs(recs) do
  redis.call('DEL', kAgent(r.a))
  redis.call('HSET', kAgent(r.a), unpack(args, r.fb, r.fe))
  remove_idle(r.a)
  if r.entry ~= '' then history_entry(r.entry) end
end
redis.call('ZREM', kCalls(group), call_id)
if redis.call('ZCARD', kCalls(group)) == 0 then redis.call('SREM', K_WAITING_GROUPS, group) end
redis.call('HSET', ck, 'state', 'offered', 'agents', table.concat(agents, ','))
redis.call('ZADD', K_OFFERS, num(NOW + group_cfg(group).ringMs + GRACE), call_id)
EVENTS[#EVENTS + 1] = { type = 'offer', callId = call_id, acdGroupId = group, agents = agents }
publish()
return 1
`;
