package runner_test

import "testing"

// A damaged unit is resolved once: after a replacement of the broken mug,
// "my money back for that broken mug" is the same unit, refused with the
// reason; another broken mug is a second unit and may be resolved.
func TestDamagedUnitResolvedOnce(t *testing.T) {
	srv := actionsServer(t)
	c, _ := startChat(t, srv, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	c.say("the mug is broken, replace it")
	reply, _ := c.say("yes")
	wantIn(t, reply, "#1006-R")
	reply, acts := c.say("actually i also want my money back for that broken mug")
	if hasStatus(acts, "proposed") {
		t.Fatalf("the same broken mug proposed again: %v\n%s", statusesOf(acts), reply)
	}
	wantIn(t, reply, "already", "#1006-R")
	if r := ofType(shopActions(t, srv), "refund"); len(r) != 0 {
		t.Fatalf("refunded a unit already replaced: %+v", r)
	}
	reply, acts = c.say("the other mug is broken too, I'd like a refund for it")
	if !hasStatus(acts, "proposed") {
		t.Fatalf("the second mug not proposed: %v\n%s", statusesOf(acts), reply)
	}
	wantIn(t, reply, "$25.68")
}
