/**
 * The Lua scripts a node runs in Redis: each is one atomic step, so two nodes racing for the
 * same room cannot both become its home.
 */

/**
 * The home of a room: the node its key names if that node is alive, else the asking node,
 * which takes the room — unless ARGV[4] is '0' (the asker may not take rooms now): then false.
 * KEYS[1] room key; ARGV: asking node, key TTL (ms), node key prefix, may take ('1'/'0').
 */
export const ROUTE_ROOM = `
local home = redis.call('GET', KEYS[1])
if home and home ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. home) == 1 then return home end
if home ~= ARGV[1] and ARGV[4] == '0' then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/**
 * Keeps this node's room keys alive (and puts back keys Redis lost in a restart), never taking
 * a room another node holds. ARGV: node, key TTL (ms), room keys…; returns the keys another
 * node holds.
 */
export const REFRESH_ROOMS = `
local lost = {}
for i = 3, #ARGV do
  local home = redis.call('GET', ARGV[i])
  if not home or home == ARGV[1] then
    redis.call('SET', ARGV[i], ARGV[1], 'PX', ARGV[2])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
`;

/** Deletes a room key if this node holds it. KEYS[1] room key; ARGV[1] node. */
export const RELEASE_ROOM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Publishes this node's rooms for the cluster-wide list. ARGV: info TTL (ms), key prefix, then
 * triples (room name, creation time in ms, room info as JSON).
 */
export const PUBLISH_ROOMS = `
for i = 3, #ARGV, 3 do
  redis.call('SET', ARGV[2] .. 'info:' .. ARGV[i], ARGV[i + 2], 'PX', ARGV[1])
  redis.call('ZADD', ARGV[2] .. 'rooms', 'NX', ARGV[i + 1], ARGV[i])
end
return 0
`;

/**
 * The cluster's rooms, oldest first (at most ARGV[2]); names whose info expired (their home
 * died) are dropped from the index. KEYS[1] the index; ARGV[1] key prefix.
 */
export const LIST_ROOMS = `
local names = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local out = {}
for _, name in ipairs(names) do
  local info = redis.call('GET', ARGV[1] .. 'info:' .. name)
  if info then out[#out + 1] = info else redis.call('ZREM', KEYS[1], name) end
end
return out
`;

/** Marks a node alive in the node index and answers the live nodes. KEYS[1] index; ARGV: now, node, TTL. */
export const LIVE_NODES = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[3]))
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

/** Forgets a closed room in the list. ARGV: key prefix, room name. */
export const UNLIST_ROOM = `
redis.call('DEL', ARGV[1] .. 'info:' .. ARGV[2])
redis.call('ZREM', ARGV[1] .. 'rooms', ARGV[2])
return 0
`;
