package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// A changed return window changes the agent's next answer: the merchant
// saves it in the console, and the same customer, in the same
// conversation, hears the new window, with no restart or deploy. The
// agent is the offline model on the demo shop (#1006, delivered three
// days ago).
func TestReturnWindowChangesNextAnswer(t *testing.T) {
	e := newEnv(t)
	o, err := e.r.Store.GetOrderByName(t.Context(), shop, "#1006")
	if err != nil {
		t.Fatal(err)
	}
	delivered := order.JourneyOf(o, e.r.Clock.Now(), 0).DeliveredAt
	if delivered == nil || e.r.Clock.Now().Sub(*delivered) < 48*time.Hour {
		t.Fatalf("demo order #1006 should have been delivered days ago: %v", delivered)
	}
	ny, err := time.LoadLocation("America/New_York") // the demo shop's zone
	if err != nil {
		t.Fatal(err)
	}
	until := func(days int) string {
		return delivered.Add(time.Duration(days) * 24 * time.Hour).In(ny).Format("Mon, Jan 2, 2006")
	}

	cust := e.customer(t, map[string]string{"email": "samuel.whitfield@example.com", "order_number": "#1006"})
	const ask = "where is my order #1006?"
	if reply := cust.say(ask); !strings.Contains(reply, "return it until "+until(30)) {
		t.Fatalf("with the default 30-day window: %q; want returns until %s", reply, until(30))
	}

	setWindow := func(days int) {
		t.Helper()
		var got struct {
			Settings settings.Settings `json:"settings"`
		}
		e.call(t, e.staff, http.MethodGet, "/console/api/settings", nil, &got)
		got.Settings.Policy.ReturnWindowDays = days
		if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", got.Settings, &got); code != http.StatusOK {
			t.Fatalf("save a %d-day window: %d", days, code)
		}
	}

	setWindow(60)
	if reply := cust.say(ask); !strings.Contains(reply, "return it until "+until(60)) {
		t.Errorf("after a 60-day window was saved: %q; want returns until %s", reply, until(60))
	}

	setWindow(2)
	if reply := cust.say(ask); !strings.Contains(reply, "return window for it has now closed") {
		t.Errorf("after a 2-day window was saved: %q; want the window closed", reply)
	}
	reply := cust.say("I'd like to return it please, it's broken")
	if !strings.Contains(reply, "2-day return window") || !strings.Contains(reply, "closed") {
		t.Errorf("a return asked for after the 2-day window was saved: %q; want it refused with the new window", reply)
	}
}
