package console_test

import (
	"net/http"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// TestSettingsAmounts: the console reads and takes money settings as
// decimals of the shop's currency; a yen amount with decimals is refused
// with the reason, and nothing is saved.
func TestSettingsAmounts(t *testing.T) {
	e := newEnv(t)
	type response struct {
		Settings settings.Settings `json:"settings"`
		Amounts  map[string]string `json:"amounts"`
		Currency struct {
			Code   string `json:"code"`
			Symbol string `json:"symbol"`
			Digits int    `json:"digits"`
		} `json:"currency"`
	}
	var got response
	if code := e.call(t, e.staff, http.MethodGet, "/console/api/settings", nil, &got); code != http.StatusOK {
		t.Fatalf("get: %d", code)
	}
	if got.Currency.Code != "USD" || got.Currency.Digits != 2 || got.Amounts["policy.keep_it_limit"] == "" {
		t.Fatalf("get: %+v", got)
	}
	type put struct {
		settings.Settings
		Amounts map[string]string `json:"amounts"`
	}

	s := got.Settings
	s.Currency = "JPY"
	var bad struct {
		Fields map[string]string `json:"fields"`
	}
	if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", put{s, map[string]string{"policy.keep_it_limit": "3000.50", "policy.refund_auto_limit": "20000"}}, &bad); code != http.StatusBadRequest ||
		bad.Fields["policy.keep_it_limit"] != "JPY has no minor units: enter a whole amount" {
		t.Fatalf("yen with sen: %d %+v", code, bad)
	}
	var after response
	e.call(t, e.staff, http.MethodGet, "/console/api/settings", nil, &after)
	if after.Settings.Currency != "" || after.Settings.Policy.RefundAutoLimit != got.Settings.Policy.RefundAutoLimit {
		t.Fatalf("a refused save changed the settings: %+v", after.Settings)
	}

	if code := e.call(t, e.staff, http.MethodPut, "/console/api/settings", put{s, map[string]string{"policy.keep_it_limit": "3,000", "policy.refund_auto_limit": "20000"}}, &got); code != http.StatusOK {
		t.Fatalf("put: %d", code)
	}
	if got.Settings.Policy.KeepItLimit != 3000 || got.Settings.Policy.RefundAutoLimit != 20000 || got.Currency.Symbol != "¥" || got.Currency.Digits != 0 ||
		got.Amounts["policy.keep_it_limit"] != "3000" {
		t.Errorf("saved: %+v", got)
	}
}
