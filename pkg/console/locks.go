package console

import (
	"net/http"

	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
)

// locks lists the orders whose verification is locked after too many
// failed attempts (package lockout), by order name: GET /console/api/locks,
// {"locks":[{"order":"#1001","failures":10,"locked_at":"…","until":"…"}]}.
func (c *Console) locks(w http.ResponseWriter, r *http.Request) {
	ls, err := lockout.Locks(r.Context(), c.Store, c.Shop, c.Clock.Now())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if ls == nil {
		ls = []lockout.Lock{}
	}
	httpjson.Write(w, http.StatusOK, map[string]any{"locks": ls})
}
