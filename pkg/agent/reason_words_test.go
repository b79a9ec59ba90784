package agent

import "testing"

func TestReasonWords(t *testing.T) {
	for in, want := range map[string]string{
		"COLOR": "colour", "SIZE_TOO_SMALL": "too small", "SIZE_TOO_LARGE": "too large",
		"NOT_AS_DESCRIBED": "not as described", "WRONG_ITEM": "wrong item", "DEFECTIVE": "defective",
		"UNWANTED": "unwanted", "STYLE": "style", "OTHER": "other",
	} {
		if got := reasonWords(in); got != want {
			t.Errorf("reasonWords(%s) = %q, want %q", in, got, want)
		}
	}
}
