package offline

import (
	"os"
	"strings"
	"testing"
)

func TestReaderDebug(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("READ"), "|") {
		r := intentReader().read(s)
		t.Logf("%q -> %s %.3f (%s %.3f) margin %.3f sure %v", s, r.ranked[0].label, r.ranked[0].score, r.ranked[1].label, r.ranked[1].score, r.margin, r.sure)
	}
}
