package shopify

import (
	"testing"
)

func TestShopTimezone(t *testing.T) {
	for _, tt := range []struct {
		name, body, want string
		wantErr          bool
	}{
		{"new york", `{"data":{"shop":{"ianaTimezone":"America/New_York"}}}`, "America/New_York", false},
		{"berlin", `{"data":{"shop":{"ianaTimezone":"Europe/Berlin"}}}`, "Europe/Berlin", false},
		{"none", `{"data":{"shop":{"ianaTimezone":""}}}`, "", true},
		{"unknown zone", `{"data":{"shop":{"ianaTimezone":"Mars/Olympus"}}}`, "", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newFake(t, &fakeAdmin{respond: answer(map[string]string{"shopTimezone": tt.body})})
			loc, err := a.ShopTimezone(t.Context())
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil && loc.String() != tt.want {
				t.Errorf("zone = %s, want %s", loc, tt.want)
			}
		})
	}
}
