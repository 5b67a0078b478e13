// The directory's compare-and-act steps as Lua scripts: each check and its write happen in Redis,
// atomically, so no other server or process can act between them.

/**
 * Register or refresh a server unless another live instance holds its id.
 * KEYS: server, servers, lease. ARGV: ttlMs, leaseMs, id, instance, then the hash's field/value pairs.
 * Returns {1} or {0, holder instance, holder addr, holder updatedAt}.
 */
export const registerScript = `local holder = redis.call('hget', KEYS[1], 'instance')
if holder and holder ~= '' and holder ~= ARGV[4] then
  return {0, holder, redis.call('hget', KEYS[1], 'addr') or '', redis.call('hget', KEYS[1], 'updatedAt') or '0'}
end
redis.call('hset', KEYS[1], unpack(ARGV, 5))
redis.call('pexpire', KEYS[1], ARGV[1])
redis.call('sadd', KEYS[2], ARGV[3])
redis.call('set', KEYS[3], ARGV[4], 'PX', ARGV[2])
return {1}`;

/** Remove a server's record, index entry and lease, only while the record is the instance's own. KEYS: server, servers, lease. ARGV: id, instance. */
export const deregisterScript = `local holder = redis.call('hget', KEYS[1], 'instance')
if holder and holder ~= '' and holder ~= ARGV[2] then return 0 end
redis.call('del', KEYS[1])
redis.call('srem', KEYS[2], ARGV[1])
if redis.call('get', KEYS[3]) == ARGV[2] then redis.call('del', KEYS[3]) end
return 1`;

/**
 * Claim a room. A room the server holds keeps its token; a free room gets the next one, "<server>:<n+1>".
 * KEYS: room, fence. ARGV: server, ttlMs, fenceTtlMs. Returns {1, token} or {0, owner}.
 */
export const claimScript = `local owner = redis.call('get', KEYS[1])
if owner and owner ~= ARGV[1] then return {0, owner} end
local fence = redis.call('get', KEYS[2])
local mine = ARGV[1] .. ':'
if owner and fence and string.sub(fence, 1, #mine) == mine then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return {1, fence}
end
local n = 0
if fence then n = tonumber(string.match(fence, ':(%d+)$')) or 0 end
local token = mine .. (n + 1)
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('set', KEYS[2], token, 'PX', ARGV[3])
return {1, token}`;

/**
 * The heartbeat's lease refresh. A room is kept (key and token extended, or re-created after Redis
 * lost them) while no other server owns it and its token is still ours or gone; otherwise it is
 * reported lost. A user key is extended (or re-created) while it names the same room.
 * KEYS: room_1, fence_1, … room_n, fence_n, then user keys.
 * ARGV: server, ttlMs, fenceTtlMs, n, token_1 … token_n, then each user's room id.
 * Returns the 1-based indexes of the lost rooms.
 */
export const refreshScript = `local server, ttl, fttl, n = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local lost = {}
for i = 1, n do
  local rk, fk, token = KEYS[2 * i - 1], KEYS[2 * i], ARGV[4 + i]
  local owner = redis.call('get', rk)
  local fence = redis.call('get', fk)
  if (not owner or owner == server) and (not fence or fence == token) then
    redis.call('set', rk, server, 'PX', ttl)
    redis.call('set', fk, token, 'PX', fttl)
  else
    lost[#lost + 1] = i
  end
end
for j = 2 * n + 1, #KEYS do
  local room = ARGV[4 + n + (j - 2 * n)]
  local v = redis.call('get', KEYS[j])
  if not v or v == room then redis.call('set', KEYS[j], room, 'PX', ttl) end
end
return lost`;

/**
 * Append a settled round once, and only for the writer whose token is the room's current one.
 * A round already written returns its first entry (a retry). A room whose token expired and that
 * nobody else holds takes the writer's token.
 * KEYS: results, written marker, fence, room. ARGV: dedupeTtlMs, token, server, fenceTtlMs, then the fields.
 * Returns {1, entry id} or {0, current token or owner}.
 */
export const appendScript = `local seen = redis.call('get', KEYS[2])
if seen then return {1, seen} end
local fence = redis.call('get', KEYS[3])
if fence ~= ARGV[2] then
  if fence then return {0, fence} end
  local owner = redis.call('get', KEYS[4])
  if owner and owner ~= ARGV[3] then return {0, owner} end
  redis.call('set', KEYS[3], ARGV[2], 'PX', ARGV[4])
end
local id = redis.call('xadd', KEYS[1], '*', unpack(ARGV, 5))
redis.call('set', KEYS[2], id, 'PX', ARGV[1])
return {1, id}`;

/** Delete a key only while it holds ARGV[1]. */
export const delIfEqualsScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
