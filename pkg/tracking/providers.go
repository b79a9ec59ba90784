package tracking

// Provider webhook bodies, normalised into an Update.
//
// EasyPost posts an Event: {"id": "evt_...", "object": "Event",
// "description": "tracker.updated", "result": Tracker}, the Tracker being
// {"id": "trk_...", "tracking_code", "carrier", "status", "status_detail",
// "est_delivery_date", "public_url", "updated_at", "tracking_details":
// [{"message", "description", "status", "datetime", "tracking_location":
// {"city", "state", "country", "zip"}}]}. Statuses: pre_transit,
// in_transit, out_for_delivery, delivered, available_for_pickup,
// return_to_sender, failure, cancelled, error, unknown.
//
// AfterShip (Tracking webhooks) posts {"event": "tracking_update" or
// "edd_revise", "event_id": "<uuid>", "ts": <unix>, "msg": Tracking}, the
// Tracking being {"tracking_number", "slug", "tag", "subtag",
// "subtag_message", "expected_delivery", "shipment_delivery_date",
// "courier_estimated_delivery_date": {"estimated_delivery_date"},
// "aftership_estimated_delivery_date": {"estimated_delivery_date"},
// "courier_tracking_link", "updated_at", "checkpoints": [{"checkpoint_time",
// "tag", "message", "location", "city", "state", "country_iso3",
// "country_name", "zip"}]}. Tags: InfoReceived, InTransit, OutForDelivery,
// AttemptFail, Delivered, AvailableForPickup, Exception, Expired, Pending.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// PayloadError says what is wrong with a provider's body.
type PayloadError struct {
	Provider string
	Reason   string
}

func (e *PayloadError) Error() string { return fmt.Sprintf("%s body: %s", e.Provider, e.Reason) }

// ErrNotTracking is a well-formed delivery about something other than
// tracking (an EasyPost batch event, say): acknowledged and ignored.
var ErrNotTracking = errors.New("not a tracking event")

// Parse decodes a provider's webhook body.
func Parse(provider string, body []byte) (Update, error) {
	switch provider {
	case EasyPost:
		return ParseEasyPost(body)
	case AfterShip:
		return ParseAfterShip(body)
	}
	return Update{}, fmt.Errorf("unknown tracking provider %q", provider)
}

// flexTime reads the date-times providers send: RFC 3339, the same with no
// zone (taken as UTC), or a bare date (midnight UTC).
type flexTime struct{ t *time.Time }

func (f *flexTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		f.t = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date %s is not a string", b)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		f.t = nil
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1971 || t.Year() > 9999 {
				return fmt.Errorf("date %q is out of range", s)
			}
			u := t.UTC()
			f.t = &u
			return nil
		}
	}
	return fmt.Errorf("date %q is not a date", s)
}

func (f flexTime) time() time.Time {
	if f.t == nil {
		return time.Time{}
	}
	return *f.t
}

func decode(provider string, body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te) && te.Field == "":
			return &PayloadError{provider, fmt.Sprintf("the body must be a JSON object, not %s", te.Value)}
		case errors.As(err, &te):
			return &PayloadError{provider, fmt.Sprintf("field %q: unexpected JSON %s", te.Field, te.Value)}
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return &PayloadError{provider, fmt.Sprintf("not valid JSON: %v", err)}
		}
		return &PayloadError{provider, err.Error()}
	}
	if d.More() {
		return &PayloadError{provider, "not valid JSON: data after the object"}
	}
	return nil
}

func bodyID(body []byte) string {
	h := sha256.Sum256(body)
	return "sha256-" + hex.EncodeToString(h[:16])
}

func sortEvents(es []Event) {
	sort.SliceStable(es, func(i, j int) bool { return es[i].Time.Before(es[j].Time) })
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// --- EasyPost ---

type easyPostEvent struct {
	ID          string           `json:"id"`
	Object      string           `json:"object"`
	Description string           `json:"description"`
	Result      *easyPostTracker `json:"result"`
}

type easyPostTracker struct {
	Object          string     `json:"object"`
	TrackingCode    string     `json:"tracking_code"`
	Carrier         string     `json:"carrier"`
	Status          string     `json:"status"`
	StatusDetail    string     `json:"status_detail"`
	EstDeliveryDate flexTime   `json:"est_delivery_date"`
	PublicURL       string     `json:"public_url"`
	UpdatedAt       flexTime   `json:"updated_at"`
	TrackingDetails []struct { // oldest first, as EasyPost sends them
		Message     string   `json:"message"`
		Description string   `json:"description"`
		Status      string   `json:"status"`
		Datetime    flexTime `json:"datetime"`
		Location    *struct {
			City    string `json:"city"`
			State   string `json:"state"`
			Country string `json:"country"`
			Zip     string `json:"zip"`
		} `json:"tracking_location"`
	} `json:"tracking_details"`
}

// EasyPostStatus maps an EasyPost tracker status; "" for error, unknown
// and anything new.
func EasyPostStatus(s string) order.ShipmentStatus {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pre_transit":
		return order.StatusLabelPurchased
	case "in_transit":
		return order.StatusInTransit
	case "out_for_delivery":
		return order.StatusOutForDelivery
	case "delivered":
		return order.StatusDelivered
	case "available_for_pickup":
		return order.StatusReadyForPickup
	case "return_to_sender":
		return order.StatusReturnedToSender
	case "failure", "cancelled":
		return order.StatusFailure
	}
	return order.StatusNone
}

// ParseEasyPost decodes an EasyPost webhook Event about a tracker.
func ParseEasyPost(body []byte) (Update, error) {
	var ev easyPostEvent
	if err := decode(EasyPost, body, &ev); err != nil {
		return Update{}, err
	}
	if !strings.HasPrefix(ev.Description, "tracker.") {
		if ev.Description == "" && ev.Result == nil {
			return Update{}, &PayloadError{EasyPost, `missing "description" and "result": not an EasyPost Event`}
		}
		return Update{}, ErrNotTracking
	}
	tr := ev.Result
	if tr == nil {
		return Update{}, &PayloadError{EasyPost, `missing "result"`}
	}
	if strings.TrimSpace(tr.TrackingCode) == "" {
		return Update{}, &PayloadError{EasyPost, `missing "result.tracking_code"`}
	}
	u := Update{
		Provider:       EasyPost,
		EventID:        ev.ID,
		TrackingNumber: strings.TrimSpace(tr.TrackingCode),
		Carrier:        clip(tr.Carrier, 60),
		Status:         EasyPostStatus(tr.Status),
		Estimate:       tr.EstDeliveryDate.t,
		PublicURL:      safeURL(tr.PublicURL),
		At:             tr.UpdatedAt.time(),
	}
	if u.EventID == "" {
		u.EventID = bodyID(body)
	}
	for _, d := range tr.TrackingDetails {
		if d.Datetime.t == nil {
			continue
		}
		e := Event{Time: *d.Datetime.t, Status: EasyPostStatus(d.Status), Source: EasyPost,
			Description: clip(joinNonEmpty(": ", d.Message, d.Description), 300)}
		if l := d.Location; l != nil {
			e.Location = clip(joinNonEmpty(", ", l.City, l.State, l.Country), 120)
		}
		if e.Status == order.StatusNone {
			e.Status = u.Status
		}
		u.Events = append(u.Events, e)
	}
	sortEvents(u.Events)
	// The tracker's updated_at moves when EasyPost re-polls with nothing
	// new; the newest scan is the time of the news.
	if n := len(u.Events); n > 0 {
		u.At = u.Events[n-1].Time
	}
	return u, nil
}

// --- AfterShip ---

type afterShipWebhook struct {
	Event   string          `json:"event"`
	EventID string          `json:"event_id"`
	TS      json.Number     `json:"ts"`
	Msg     *afterShipTrack `json:"msg"`
}

type afterShipEDD struct {
	EstimatedDeliveryDate flexTime `json:"estimated_delivery_date"`
}

type afterShipTrack struct {
	TrackingNumber       string        `json:"tracking_number"`
	Slug                 string        `json:"slug"`
	Tag                  string        `json:"tag"`
	Subtag               string        `json:"subtag"`
	SubtagMessage        string        `json:"subtag_message"`
	ExpectedDelivery     flexTime      `json:"expected_delivery"`
	ShipmentDeliveryDate flexTime      `json:"shipment_delivery_date"`
	CourierEDD           *afterShipEDD `json:"courier_estimated_delivery_date"`
	AfterShipEDD         *afterShipEDD `json:"aftership_estimated_delivery_date"`
	CourierTrackingLink  string        `json:"courier_tracking_link"`
	UpdatedAt            flexTime      `json:"updated_at"`
	Checkpoints          []struct {
		CheckpointTime flexTime `json:"checkpoint_time"`
		Tag            string   `json:"tag"`
		Subtag         string   `json:"subtag"`
		Message        string   `json:"message"`
		Location       string   `json:"location"`
		City           string   `json:"city"`
		State          string   `json:"state"`
		CountryISO3    string   `json:"country_iso3"`
	} `json:"checkpoints"`
}

// AfterShipStatus maps an AfterShip tag (and subtag); "" for Pending,
// Expired and anything new.
func AfterShipStatus(tag, subtag string) order.ShipmentStatus {
	switch strings.ToLower(strings.TrimSpace(tag)) {
	case "inforeceived":
		return order.StatusLabelPurchased
	case "intransit":
		return order.StatusInTransit
	case "outfordelivery":
		return order.StatusOutForDelivery
	case "attemptfail":
		return order.StatusAttemptedDelivery
	case "delivered":
		return order.StatusDelivered
	case "availableforpickup":
		return order.StatusReadyForPickup
	case "exception":
		// Exception_010 and _011: returning to, and returned to, sender.
		switch strings.ToLower(subtag) {
		case "exception_010", "exception_011":
			return order.StatusReturnedToSender
		}
		return order.StatusFailure
	}
	return order.StatusNone
}

// ParseAfterShip decodes an AfterShip tracking webhook.
func ParseAfterShip(body []byte) (Update, error) {
	var w afterShipWebhook
	if err := decode(AfterShip, body, &w); err != nil {
		return Update{}, err
	}
	switch w.Event {
	case "tracking_update", "edd_revise":
	case "":
		return Update{}, &PayloadError{AfterShip, `missing "event"`}
	default:
		return Update{}, ErrNotTracking
	}
	m := w.Msg
	if m == nil {
		return Update{}, &PayloadError{AfterShip, `missing "msg"`}
	}
	if strings.TrimSpace(m.TrackingNumber) == "" {
		return Update{}, &PayloadError{AfterShip, `missing "msg.tracking_number"`}
	}
	u := Update{
		Provider:       AfterShip,
		EventID:        w.EventID,
		TrackingNumber: strings.TrimSpace(m.TrackingNumber),
		Carrier:        clip(m.Slug, 60),
		Status:         AfterShipStatus(m.Tag, m.Subtag),
		PublicURL:      safeURL(m.CourierTrackingLink),
		DeliveredAt:    m.ShipmentDeliveryDate.t,
		At:             m.UpdatedAt.time(),
	}
	if u.EventID == "" {
		u.EventID = bodyID(body)
	}
	switch {
	case m.CourierEDD != nil && m.CourierEDD.EstimatedDeliveryDate.t != nil:
		u.Estimate = m.CourierEDD.EstimatedDeliveryDate.t
	case m.ExpectedDelivery.t != nil:
		u.Estimate = m.ExpectedDelivery.t
	case m.AfterShipEDD != nil && m.AfterShipEDD.EstimatedDeliveryDate.t != nil:
		u.Estimate = m.AfterShipEDD.EstimatedDeliveryDate.t
	}
	for _, c := range m.Checkpoints {
		if c.CheckpointTime.t == nil {
			continue
		}
		e := Event{Time: *c.CheckpointTime.t, Status: AfterShipStatus(c.Tag, c.Subtag), Source: AfterShip,
			Description: clip(c.Message, 300)}
		e.Location = clip(c.Location, 120)
		if e.Location == "" {
			e.Location = clip(joinNonEmpty(", ", c.City, c.State, c.CountryISO3), 120)
		}
		if e.Status == order.StatusNone {
			e.Status = u.Status
		}
		u.Events = append(u.Events, e)
	}
	sortEvents(u.Events)
	if n := len(u.Events); n > 0 {
		u.At = u.Events[n-1].Time
	} else if w.Event == "edd_revise" && u.At.IsZero() {
		if ts, err := w.TS.Int64(); err == nil && ts > 0 {
			u.At = time.Unix(ts, 0).UTC()
		}
	}
	return u, nil
}

// safeURL keeps http(s) links only, so a provider's link can be shown.
func safeURL(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2048 {
		return ""
	}
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return s
	}
	return ""
}
