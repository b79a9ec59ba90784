// Package easypost is the EasyPost API (https://api.easypost.com/v2) for
// return labels: the tracking page's LabelMaker.
//
// A return label is a Shipment created with "is_return": true and the
// addresses of the original shipment (from the shop, to the customer:
// EasyPost swaps them), then bought at a rate:
//
//	POST /v2/shipments            {"shipment": {"to_address", "from_address", "parcel", "is_return": true, "reference"}}
//	  → Shipment {"id": "shp_…", "rates": [{"id": "rate_…", "carrier", "service", "rate": "7.85", "currency"}], "messages"}
//	POST /v2/shipments/{id}/buy   {"rate": {"id": "rate_…"}}
//	  → Shipment {"tracking_code", "selected_rate", "postage_label": {"label_url", "label_pdf_url"}}
//	GET  /v2/shipments/{reference} the shipment made with that reference, if any
//
// Requests authenticate with HTTP basic auth, the API key as the user and
// no password. Errors are {"error": {"code", "message", "errors"}} with a
// 4xx or 5xx status. The reference is the return's proposal id: before
// creating, the client looks it up, so a retry after a lost response finds
// the label it bought rather than buying another.
package easypost

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/trackpage"
)

// DefaultBaseURL is EasyPost's API.
const DefaultBaseURL = "https://api.easypost.com/v2"

// Client makes return labels.
type Client struct {
	APIKey string
	// BaseURL is DefaultBaseURL unless set (a test server).
	BaseURL string
	HTTP    *http.Client
	// From is the shop's address, where returns go (the original
	// shipment's from_address).
	From Address
	// Parcel is the return parcel; Weight grows with the units returned
	// (PerUnitOunces each, when set).
	Parcel        Parcel
	PerUnitOunces float64
	// Carrier and Service, when set, pick the rate (e.g. "USPS",
	// "GroundAdvantage"); else the cheapest.
	Carrier, Service string
}

var _ trackpage.LabelMaker = (*Client)(nil)

// Address is EasyPost's Address.
type Address struct {
	Name    string `json:"name,omitempty"`
	Company string `json:"company,omitempty"`
	Street1 string `json:"street1"`
	Street2 string `json:"street2,omitempty"`
	City    string `json:"city"`
	State   string `json:"state,omitempty"`
	Zip     string `json:"zip"`
	Country string `json:"country"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
}

// Lines is the address as written on a parcel.
func (a Address) Lines() string {
	var out []string
	for _, s := range []string{a.Name, a.Company, a.Street1, a.Street2,
		strings.TrimSpace(a.City + ", " + strings.TrimSpace(a.State+" "+a.Zip)), a.Country} {
		if s = strings.Trim(strings.TrimSpace(s), ","); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// Parcel is EasyPost's Parcel: inches and ounces.
type Parcel struct {
	Length float64 `json:"length,omitempty"`
	Width  float64 `json:"width,omitempty"`
	Height float64 `json:"height,omitempty"`
	Weight float64 `json:"weight"`
}

type rate struct {
	ID       string `json:"id"`
	Carrier  string `json:"carrier"`
	Service  string `json:"service"`
	Rate     string `json:"rate"`
	Currency string `json:"currency"`
}

type shipment struct {
	ID           string `json:"id"`
	Object       string `json:"object"`
	Reference    string `json:"reference"`
	IsReturn     bool   `json:"is_return"`
	TrackingCode string `json:"tracking_code"`
	Rates        []rate `json:"rates"`
	SelectedRate *rate  `json:"selected_rate"`
	PostageLabel *struct {
		LabelURL    string `json:"label_url"`
		LabelPDFURL string `json:"label_pdf_url"`
	} `json:"postage_label"`
	Messages []struct {
		Carrier string `json:"carrier"`
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"messages"`
}

// Error is an error EasyPost answered with.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("easypost: %d %s: %s", e.Status, e.Code, e.Message)
}

// ErrNoRate: EasyPost offered no rate to buy (the carriers' messages say
// why).
var ErrNoRate = errors.New("easypost: no rate for this return")

// ReturnLabel buys a return label from the customer's address to From, or
// finds the one bought before for r.Reference.
func (c *Client) ReturnLabel(ctx context.Context, r trackpage.LabelRequest) (trackpage.Label, error) {
	if r.Reference == "" {
		return trackpage.Label{}, errors.New("easypost: a return label needs a reference")
	}
	sh, err := c.byReference(ctx, r.Reference)
	if err != nil {
		return trackpage.Label{}, err
	}
	if sh == nil {
		parcel := c.Parcel
		if c.PerUnitOunces > 0 && r.Units > 0 {
			parcel.Weight += c.PerUnitOunces * float64(r.Units)
		}
		if parcel.Weight <= 0 {
			parcel.Weight = 16
		}
		body := map[string]any{"shipment": map[string]any{
			"is_return": true, "reference": r.Reference,
			"to_address":   customerAddress(r.Customer, r.Email),
			"from_address": c.From,
			"parcel":       parcel,
			"options":      map[string]any{"label_format": "PDF"},
		}}
		sh = &shipment{}
		if err := c.do(ctx, http.MethodPost, "/shipments", body, sh); err != nil {
			return trackpage.Label{}, fmt.Errorf("create return shipment: %w", err)
		}
	}
	if sh.PostageLabel == nil || sh.PostageLabel.LabelURL == "" {
		pick, err := c.pick(sh.Rates)
		if err != nil {
			return trackpage.Label{}, fmt.Errorf("return shipment %s: %w", sh.ID, err)
		}
		bought := &shipment{}
		if err := c.do(ctx, http.MethodPost, "/shipments/"+url.PathEscape(sh.ID)+"/buy", map[string]any{"rate": map[string]string{"id": pick.ID}}, bought); err != nil {
			return trackpage.Label{}, fmt.Errorf("buy return shipment %s: %w", sh.ID, err)
		}
		sh = bought
	}
	if sh.PostageLabel == nil || sh.PostageLabel.LabelURL == "" {
		return trackpage.Label{}, fmt.Errorf("return shipment %s: bought, but no label in the answer", sh.ID)
	}
	l := trackpage.Label{URL: firstNonEmpty(sh.PostageLabel.LabelPDFURL, sh.PostageLabel.LabelURL), TrackingCode: sh.TrackingCode, ShipmentID: sh.ID}
	if sh.SelectedRate != nil {
		l.Carrier, l.Service = sh.SelectedRate.Carrier, sh.SelectedRate.Service
	}
	return l, nil
}

// byReference is the shipment made for ref, or nil.
func (c *Client) byReference(ctx context.Context, ref string) (*shipment, error) {
	sh := &shipment{}
	err := c.do(ctx, http.MethodGet, "/shipments/"+url.PathEscape(ref), nil, sh)
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up return shipment: %w", err)
	}
	return sh, nil
}

// pick is the rate to buy: the configured carrier and service, else the
// cheapest.
func (c *Client) pick(rates []rate) (rate, error) {
	var ok []rate
	for _, r := range rates {
		if (c.Carrier == "" || strings.EqualFold(r.Carrier, c.Carrier)) && (c.Service == "" || strings.EqualFold(r.Service, c.Service)) {
			if _, err := strconv.ParseFloat(r.Rate, 64); err == nil && r.ID != "" {
				ok = append(ok, r)
			}
		}
	}
	if len(ok) == 0 {
		return rate{}, ErrNoRate
	}
	sort.SliceStable(ok, func(i, j int) bool {
		a, _ := strconv.ParseFloat(ok[i].Rate, 64)
		b, _ := strconv.ParseFloat(ok[j].Rate, 64)
		return a < b
	})
	return ok[0], nil
}

func customerAddress(a order.Address, email string) Address {
	country := a.CountryCode
	if country == "" {
		country = a.Country
	}
	state := a.ProvinceCode
	if state == "" {
		state = a.Province
	}
	return Address{Name: a.Name, Street1: a.Address1, Street2: a.Address2, City: a.City, State: state, Zip: a.Zip,
		Country: country, Phone: a.Phone, Email: email}
}

// do sends a request and decodes the answer into out.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.SetBasicAuth(c.APIKey, "")
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		return &Error{Status: resp.StatusCode, Code: firstNonEmpty(e.Error.Code, http.StatusText(resp.StatusCode)), Message: e.Error.Message}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
