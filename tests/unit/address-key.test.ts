import { addressKey } from '../../cloud/modules/identity/auth.service';

// The key the login limits count a client address by (moved here from the integration tier: no database needed).
test('When addresses are keyed, then IPv4-mapped IPv6 is the IPv4 address and an IPv6 address counts by its /64', () => {
  expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
  expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:0db8::9')).toBe('2001:db8:0:0::/64');
  expect(addressKey('::1')).toBe('0:0:0:0::/64');
});
