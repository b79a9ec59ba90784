package store

import "strings"

// NamesShop reports whether s names the shop domain: it is the domain, or
// contains it between separators ("handoffs:a.myshopify.com",
// "a.myshopify.com|ada@example.com"), so "a.myshopify.com" does not match
// "ba.myshopify.com".
func NamesShop(s, shop string) bool {
	if shop == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], shop)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(shop)
		if (start == 0 || !domainChar(s[start-1])) && (end == len(s) || !domainChar(s[end])) {
			return true
		}
		i = start + 1
	}
}

func domainChar(c byte) bool {
	return c == '.' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
