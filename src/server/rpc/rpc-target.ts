/**
 * Who a call from the server goes to, as Godot's `rpc`/`rpc_id` targets: 0 every member, −N
 * every member but N, N member N, or a list of member ids.
 */
export type RpcTarget = number | readonly number[];

/** The members `target` names (members not present are left out), or null if `target` is bad. */
export function resolveRpcTarget(target: RpcTarget, members: readonly number[]): number[] | null {
  if (typeof target === 'number') {
    if (!Number.isInteger(target)) return null;
    if (target > 0) return members.includes(target) ? [target] : null;
    return members.filter((id) => id !== -target);
  }
  if (!Array.isArray(target)) return null;
  const wanted = new Set(target);
  return members.filter((id) => wanted.has(id));
}
