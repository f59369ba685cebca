import ipaddr from "ipaddr.js";

/**
 * The key a client is counted under by the rate limits (failed logins, family
 * pages): an IPv4 address as it is; an IPv6 address by its /64 network. One
 * home or mobile connection is given a whole /64, so counting single IPv6
 * addresses would let one client rotate through 2^64 of them and never reach
 * a limit. An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) counts as the
 * IPv4 address. The audit trail keeps the full address.
 */
export function clientNetworkKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return "unknown";
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const network = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${network.join(":")}::/64`;
}
