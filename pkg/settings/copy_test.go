package settings_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// TestPolicyCopy: the copy a customer context keeps is the policy the
// store holds now (not the cache's), with the stored document's bytes, or
// none when nothing was saved (the defaults).
func TestPolicyCopy(t *testing.T) {
	st := openStore(t)
	clk := clock.NewManual()
	svc := &settings.Service{Store: st, Clock: clk}
	console := &settings.Service{Store: st, Clock: clk} // another instance
	const shop = "a.myshopify.com"
	for _, tt := range []struct {
		name       string
		autoReturn *bool // saved first through the console, when set
	}{
		{"nothing saved", nil},
		{"saved", ptr(false)},
		{"saved again, within the cache's TTL", ptr(true)},
	} {
		if tt.autoReturn != nil {
			v, err := console.Get(t.Context(), shop)
			if err != nil {
				t.Fatal(err)
			}
			v.Policy.AutoReturns = *tt.autoReturn
			if _, err := console.Put(t.Context(), shop, v, "m@example.com"); err != nil {
				t.Fatal(err)
			}
		}
		cp, err := svc.PolicyCopy(t.Context(), shop)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := st.GetDoc(t.Context(), settings.Collection, shop)
		want := policy.Default()
		if tt.autoReturn != nil {
			want.AutoReturns = *tt.autoReturn
		}
		if cp.Coll != settings.Collection || cp.ID != shop || !bytes.Equal(cp.Doc, stored) || cp.Policy.AutoReturns != want.AutoReturns {
			t.Errorf("%s: copy %s/%s auto returns %v, doc %q; want auto returns %v, doc %q", tt.name, cp.Coll, cp.ID, cp.Policy.AutoReturns, cp.Doc, want.AutoReturns, stored)
		}
		clk.Advance(time.Second)
	}
}

func ptr[T any](v T) *T { return &v }
