package easypost

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// ReturnAddressFromEnv is RETURN_ADDRESS, the shop's returns address as
// EasyPost's Address JSON ({"company", "street1", "city", "state", "zip",
// "country", ...}); ok is false when it is unset.
func ReturnAddressFromEnv() (a Address, ok bool, err error) {
	raw := strings.TrimSpace(os.Getenv("RETURN_ADDRESS"))
	if raw == "" {
		return Address{}, false, nil
	}
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		return Address{}, false, fmt.Errorf("RETURN_ADDRESS: want EasyPost address JSON: %w", err)
	}
	if a.Street1 == "" || a.City == "" || a.Zip == "" || a.Country == "" {
		return Address{}, false, fmt.Errorf("RETURN_ADDRESS: street1, city, zip and country are required")
	}
	return a, true, nil
}

// FromEnv is the label client for apiKey: RETURN_ADDRESS (required for
// labels), RETURN_PARCEL (Parcel JSON, inches and ounces; default a 12 ×
// 9 × 6 in box of 8 oz plus 16 oz a unit), RETURN_LABEL_CARRIER and
// RETURN_LABEL_SERVICE (default: the cheapest rate), EASYPOST_BASE_URL
// (default the API). nil with no key or no address: no labels.
func FromEnv(apiKey string) (*Client, error) {
	from, ok, err := ReturnAddressFromEnv()
	if err != nil || !ok || strings.TrimSpace(apiKey) == "" {
		return nil, err
	}
	c := &Client{APIKey: strings.TrimSpace(apiKey), BaseURL: os.Getenv("EASYPOST_BASE_URL"), From: from,
		Parcel: Parcel{Length: 12, Width: 9, Height: 6, Weight: 8}, PerUnitOunces: 16,
		Carrier: os.Getenv("RETURN_LABEL_CARRIER"), Service: os.Getenv("RETURN_LABEL_SERVICE")}
	if raw := strings.TrimSpace(os.Getenv("RETURN_PARCEL")); raw != "" {
		if err := json.Unmarshal([]byte(raw), &c.Parcel); err != nil || c.Parcel.Weight <= 0 {
			return nil, fmt.Errorf("RETURN_PARCEL: want {\"length\", \"width\", \"height\", \"weight\"} in inches and ounces")
		}
	}
	return c, nil
}
