package easypost_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/doorstep-ai/doorstep/pkg/easypost"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// fakeEasyPost speaks EasyPost's shipments API as its documentation shows
// it: basic auth with the key, {"shipment": {...}} to create (rates in the
// answer), {"rate": {"id"}} to buy (postage_label in the answer), a
// shipment found by its reference, {"error": {...}} on failure.
type fakeEasyPost struct {
	t      *testing.T
	mu     sync.Mutex
	byID   map[string]map[string]any
	byRef  map[string]string
	calls  []string
	rates  []map[string]any
	reject string // an error code to answer creates with
	bodies []map[string]any
}

func newFake(t *testing.T) (*fakeEasyPost, *httptest.Server) {
	f := &fakeEasyPost{t: t, byID: map[string]map[string]any{}, byRef: map[string]string{}, rates: []map[string]any{
		{"id": "rate_ups", "object": "Rate", "carrier": "UPS", "service": "Ground", "rate": "11.20", "currency": "USD"},
		{"id": "rate_usps", "object": "Rate", "carrier": "USPS", "service": "GroundAdvantage", "rate": "7.85", "currency": "USD"},
		{"id": "rate_fedex", "object": "Rate", "carrier": "FedEx", "service": "FEDEX_GROUND", "rate": "9.10", "currency": "USD"},
	}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeEasyPost) fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "message": msg, "errors": []any{}}})
}

func (f *fakeEasyPost) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	if user, pass, ok := r.BasicAuth(); !ok || user != "EZTK_test" || pass != "" {
		f.fail(w, 401, "APIKEY.REQUIRED", "Invalid or missing API Key.")
		return
	}
	var body map[string]any
	if r.Method == http.MethodPost {
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			f.fail(w, 422, "PARAMETER.INVALID", "body is not JSON")
			return
		}
		f.bodies = append(f.bodies, body)
	}
	path := strings.TrimPrefix(r.URL.Path, "/v2")
	switch {
	case r.Method == http.MethodPost && path == "/shipments":
		if f.reject != "" {
			f.fail(w, 422, f.reject, "Unable to verify address.")
			return
		}
		sh, _ := body["shipment"].(map[string]any)
		to, _ := sh["to_address"].(map[string]any)
		from, _ := sh["from_address"].(map[string]any)
		if sh == nil || sh["is_return"] != true || to["street1"] == nil || from["street1"] == nil || sh["parcel"] == nil {
			f.fail(w, 422, "SHIPMENT.INVALID_PARAMS", "missing addresses, parcel or is_return")
			return
		}
		id := fmt.Sprintf("shp_%d", len(f.byID)+1)
		rates := []map[string]any{}
		for _, rt := range f.rates {
			x := map[string]any{"shipment_id": id}
			for k, v := range rt {
				x[k] = v
			}
			rates = append(rates, x)
		}
		out := map[string]any{"id": id, "object": "Shipment", "mode": "test", "is_return": true, "reference": sh["reference"],
			"to_address": to, "from_address": from, "parcel": sh["parcel"], "rates": rates, "messages": []any{},
			"postage_label": nil, "selected_rate": nil, "tracking_code": nil, "status": "unknown"}
		f.byID[id] = out
		if ref, _ := sh["reference"].(string); ref != "" {
			f.byRef[ref] = id
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPost && strings.HasSuffix(path, "/buy"):
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/shipments/"), "/buy")
		sh, ok := f.byID[id]
		rt, _ := body["rate"].(map[string]any)
		if !ok {
			f.fail(w, 404, "NOT_FOUND", "The requested resource could not be found.")
			return
		}
		if sh["postage_label"] != nil {
			f.fail(w, 422, "SHIPMENT.POSTAGE.EXISTS", "This shipment already has postage.")
			return
		}
		var chosen map[string]any
		for _, x := range sh["rates"].([]map[string]any) {
			if x["id"] == rt["id"] {
				chosen = x
			}
		}
		if chosen == nil {
			f.fail(w, 422, "SHIPMENT.RATE.INVALID", "rate not found")
			return
		}
		sh["selected_rate"] = chosen
		sh["tracking_code"] = "9400100000000000" + strings.TrimPrefix(id, "shp_")
		sh["postage_label"] = map[string]any{"object": "PostageLabel", "label_file_type": "image/png",
			"label_url":     "https://easypost-files.example/files/postage_label/" + id + ".png",
			"label_pdf_url": "https://easypost-files.example/files/postage_label/" + id + ".pdf"}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(sh)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/shipments/"):
		key := strings.TrimPrefix(path, "/shipments/")
		if id, ok := f.byRef[key]; ok {
			key = id
		}
		sh, ok := f.byID[key]
		if !ok {
			f.fail(w, 404, "NOT_FOUND", "The requested resource could not be found.")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(sh)
	default:
		f.fail(w, 404, "NOT_FOUND", "The requested resource could not be found.")
	}
}

func (f *fakeEasyPost) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, call) {
			n++
		}
	}
	return n
}

func request(ref string) trackpage.LabelRequest {
	return trackpage.LabelRequest{Shop: "demo-shop.myshopify.com", Order: "#1006", Reference: ref, Units: 2, Email: "sam@example.com",
		Customer: order.Address{Name: "Samuel Whitfield", Address1: "88 Elm St", City: "Burlington", ProvinceCode: "VT", Province: "Vermont",
			Zip: "05401", CountryCode: "US"}}
}

func client(url string) *easypost.Client {
	return &easypost.Client{APIKey: "EZTK_test", BaseURL: url + "/v2",
		From:   easypost.Address{Company: "Hearth & Harbor Returns", Street1: "41 Wharf Street", City: "Portland", State: "ME", Zip: "04101", Country: "US"},
		Parcel: easypost.Parcel{Length: 12, Width: 9, Height: 6, Weight: 8}, PerUnitOunces: 14}
}

// TestReturnLabel: a return shipment (is_return, the customer's address as
// to_address, the shop's as from_address) bought at its cheapest rate;
// asked again for the same return, the label bought before, no second
// purchase.
func TestReturnLabel(t *testing.T) {
	f, srv := newFake(t)
	c := client(srv.URL)
	l, err := c.ReturnLabel(t.Context(), request("track-abc"))
	if err != nil {
		t.Fatal(err)
	}
	want := trackpage.Label{URL: "https://easypost-files.example/files/postage_label/shp_1.pdf", Carrier: "USPS", Service: "GroundAdvantage",
		TrackingCode: "94001000000000001", ShipmentID: "shp_1"}
	if l != want {
		t.Errorf("label = %+v, want %+v", l, want)
	}
	create := f.bodies[0]["shipment"].(map[string]any)
	to := create["to_address"].(map[string]any)
	parcel := create["parcel"].(map[string]any)
	if to["street1"] != "88 Elm St" || to["state"] != "VT" || to["country"] != "US" || create["reference"] != "track-abc" ||
		create["from_address"].(map[string]any)["zip"] != "04101" || parcel["weight"] != 36.0 {
		t.Errorf("create body = %v", create)
	}
	if got := f.bodies[1]["rate"].(map[string]any)["id"]; got != "rate_usps" {
		t.Errorf("bought %v, want the cheapest (rate_usps)", got)
	}
	again, err := c.ReturnLabel(t.Context(), request("track-abc"))
	if err != nil || again != want {
		t.Errorf("again = %+v %v", again, err)
	}
	if f.count("POST /v2/shipments") != 2 || f.count("POST /v2/shipments/shp_1/buy") != 1 {
		t.Errorf("calls = %v, want one create and one buy", f.calls)
	}
}

func TestReturnLabelCarrierAndErrors(t *testing.T) {
	f, srv := newFake(t)
	c := client(srv.URL)
	c.Carrier = "UPS"
	l, err := c.ReturnLabel(t.Context(), request("track-ups"))
	if err != nil || l.Carrier != "UPS" {
		t.Errorf("UPS label = %+v %v", l, err)
	}
	for _, tt := range []struct {
		name  string
		setup func(*easypost.Client)
		check func(error) bool
	}{
		{"refused address", func(*easypost.Client) { f.reject = "ADDRESS.VERIFY.FAILURE" }, func(err error) bool {
			var e *easypost.Error
			return errors.As(err, &e) && e.Status == 422 && e.Code == "ADDRESS.VERIFY.FAILURE"
		}},
		{"no rate for the carrier", func(c *easypost.Client) { f.reject = ""; c.Carrier = "DHL" }, func(err error) bool { return errors.Is(err, easypost.ErrNoRate) }},
		{"wrong key", func(c *easypost.Client) { c.APIKey = "nope" }, func(err error) bool {
			var e *easypost.Error
			return errors.As(err, &e) && e.Status == 401
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := client(srv.URL)
			tt.setup(c)
			_, err := c.ReturnLabel(t.Context(), request("track-"+tt.name))
			if !tt.check(err) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
