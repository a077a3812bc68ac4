package spec

import (
	"fmt"
	"math/big"
	"net/netip"
	"slices"
)

// allowlistRule bounds how much of the internet one allowlist may admit,
// entry by entry and as a set: [0.0.0.0/1, 128.0.0.0/1] is 0.0.0.0/0.
type allowlistRule struct {
	// minBits4 and minBits6 are the shortest prefixes allowed, and the
	// union of the list may cover no more addresses than one such prefix.
	minBits4, minBits6 int
	// purpose ends the message of a list that is too broad.
	purpose string
}

// The allowlist rules (docs/input-limits.md). The API allowlist admits
// client networks (a partner's ranges, a cloud region); the admin
// allowlist is for offices and VPNs.
var (
	apiAllowlistRule   = allowlistRule{8, 32, "leave apiAllowlist empty to allow any client"}
	adminAllowlistRule = allowlistRule{16, 48, "the admin host is for offices and VPNs"}
)

// allowlist validates an allowlist: each entry a CIDR with no host bits, no
// IPv4-mapped IPv6 prefix, none listed twice, none shorter than the rule's
// minimum, and a union no larger than one minimum prefix.
func (v *validator) allowlist(path string, list []string, rule allowlistRule) {
	var ok []netip.Prefix
	seen := map[netip.Prefix]bool{}
	for i, c := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		pr, err := netip.ParsePrefix(c)
		switch {
		case err != nil || pr != pr.Masked():
			// Reported by the field's tag.
		case pr.Addr().Is4In6():
			v.at(p, "%s is an IPv4-mapped IPv6 prefix: write the IPv4 CIDR", c)
		case pr.Bits() == 0:
			v.at(p, "%s allows everyone: an allowlist must be narrower (%s)", c, rule.purpose)
		case seen[pr]:
			v.at(p, "%s is listed twice", c)
		case pr.Bits() < minBits(pr, rule):
			v.at(p, "%s is too broad: entries must be /%d or narrower for IPv4 and /%d or narrower for IPv6 (%s)", c, rule.minBits4, rule.minBits6, rule.purpose)
		default:
			seen[pr] = true
			ok = append(ok, pr)
		}
	}
	for _, six := range []bool{false, true} {
		var fam []netip.Prefix
		for _, pr := range ok {
			if pr.Addr().Is6() == six {
				fam = append(fam, pr)
			}
		}
		if len(fam) < 2 {
			continue
		}
		width, minB := 32, rule.minBits4
		if six {
			width, minB = 128, rule.minBits6
		}
		limit := new(big.Int).Lsh(big.NewInt(1), uint(width-minB))
		if n := covered(fam, width); n.Cmp(limit) > 0 {
			v.at(path, "together the %s entries cover more addresses than one /%d (%s): the union of an allowlist is as broad as its widest entry may be", family(six), minB, rule.purpose)
		}
	}
}

func minBits(p netip.Prefix, rule allowlistRule) int {
	if p.Addr().Is4() {
		return rule.minBits4
	}
	return rule.minBits6
}

func family(six bool) string {
	if six {
		return "IPv6"
	}
	return "IPv4"
}

// covered counts the addresses in the union of prefixes of one family.
func covered(prefixes []netip.Prefix, width int) *big.Int {
	ps := slices.Clone(prefixes)
	slices.SortFunc(ps, func(a, b netip.Prefix) int {
		if c := a.Addr().Compare(b.Addr()); c != 0 {
			return c
		}
		return a.Bits() - b.Bits()
	})
	total := new(big.Int)
	var last netip.Prefix
	for _, p := range ps {
		// Sorted by address, a prefix inside another follows it.
		if last.IsValid() && last.Contains(p.Addr()) {
			continue
		}
		last = p
		total.Add(total, new(big.Int).Lsh(big.NewInt(1), uint(width-p.Bits())))
	}
	return total
}
