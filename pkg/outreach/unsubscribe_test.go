package outreach_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// unsubscriber is the shop's email opt-out list, as package notify keeps it.
type unsubscriber struct{ out map[string]bool }

func (u unsubscriber) UnsubscribeURL(shop, email string) string {
	return "https://doorstep.example/unsubscribe?token=" + shop + "." + email
}

func (u unsubscriber) OptedOut(_ context.Context, _, email string) (bool, error) {
	return u.out[email], nil
}

// TestEmailsCarryListUnsubscribe: the check-in and the review request
// carry List-Unsubscribe (the shop's link) and RFC 8058's one-click
// List-Unsubscribe-Post; a customer who used that link gets neither.
func TestEmailsCarryListUnsubscribe(t *testing.T) {
	for _, tc := range []struct {
		name     string
		optedOut bool
		want     int
	}{
		{"subscribed", false, 2},
		{"unsubscribed by link", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.svc.Unsubscribe = unsubscriber{out: map[string]bool{customer: tc.optedOut}}
			e.deliver()
			for _, d := range []int{5, 9, 13} { // check-in, no answer, review request
				e.until(time.Duration(d) * day)
			}
			got := e.mail()
			if len(got) != tc.want {
				t.Fatalf("mail %v, want %d", subjects(got), tc.want)
			}
			for _, m := range got {
				if lu := m.Headers["List-Unsubscribe"]; !strings.HasPrefix(lu, "<https://doorstep.example/unsubscribe?token=") || !strings.Contains(lu, customer) {
					t.Errorf("%q: List-Unsubscribe = %q", m.Subject, lu)
				}
				if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
					t.Errorf("%q: List-Unsubscribe-Post = %q", m.Subject, m.Headers["List-Unsubscribe-Post"])
				}
			}
		})
	}
}
