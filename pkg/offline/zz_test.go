package offline

import "testing"

func TestZZ(t *testing.T) {
	for _, s := range []string{"what's the refund timeline if I return it?", "hypothetically, if I change my mind after delivery, how long do I have to send it back", "is the mug returnable if I've used it?"} {
		t.Logf("%q -> %q", s, docsQuery(s))
	}
}
