package sms

import (
	"regexp"
	"strings"
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Normalise is a phone number in E.164 ("+17205550119") from the forms
// people type and shops store ("+1 (720) 555-0119", "+44 7700 900149");
// "" when it is not an international number (no leading "+", letters, too
// short or too long).
func Normalise(phone string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return ""
		}
	}
	n := b.String()
	if !e164.MatchString(n) {
		return ""
	}
	return n
}

// Mask shows the end of a number for its owner to recognise it:
// "•••• 0119".
func Mask(phone string) string {
	if len(phone) < 4 {
		return "••••"
	}
	return "•••• " + phone[len(phone)-4:]
}
