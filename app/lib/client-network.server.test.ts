import { describe, expect, it } from "vitest";
import { clientNetworkKey } from "./client-network.server";

describe("clientNetworkKey", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2::5", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::5", "2001:db8:1:3::/64"],
    [undefined, "unknown"],
    ["", "unknown"],
    ["not-an-address", "unknown"],
  ])("%s → %s", (address, key) => {
    expect(clientNetworkKey(address)).toBe(key);
  });
});
