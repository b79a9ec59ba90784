package offline_test

import (
	"strings"
	"testing"
)

// heldOutTable runs a held-out table, each case on a stack of its own (a
// yes that ran changes the shop), and counts what fails. A case marked as
// a gap (gap returns its reason, or "marked" with no reason) must still
// fail: one that passes fails the test until its mark is dropped.
func heldOutTable[C any](t *testing.T, set string, cases []C, name func(C) string, gap func(C) string,
	run func(t *testing.T, base string, log *resultLog, tc C) []string) {
	t.Helper()
	failed, gaps := 0, 0
	for _, tc := range cases {
		t.Run(name(tc), func(t *testing.T) {
			base, log := heldoutStack(t)
			problems := run(t, base, log, tc)
			switch why := gap(tc); {
			case why != "" && len(problems) == 0:
				t.Errorf("marked a gap but passes: unmark it (%s)", why)
			case why != "":
				gaps++
				t.Logf("known gap (%s): %s", why, strings.Join(problems, "; "))
			case len(problems) > 0:
				failed++
				t.Errorf("%s", strings.Join(problems, "\n"))
			}
		})
	}
	t.Logf("%s held-out: %d of %d failed, %d known gaps", set, failed+gaps, len(cases), gaps)
}

// marked is a boolean gap mark as heldOutTable's reason.
func marked(gap bool) string {
	if gap {
		return "marked"
	}
	return ""
}
