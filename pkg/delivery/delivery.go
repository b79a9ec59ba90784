// Package delivery wires the delivery side of doorstep together, the same
// way in the local runner and in the Lambdas: tracking (Shopify and
// provider webhooks), shipping notifications, the delivery check with its
// resolutions, carrier claims, and the tracking page. Each binary builds one
// Delivery and mounts what it serves.
package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/catalog"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	dconfig "github.com/doorstep-ai/doorstep/pkg/config"
	"github.com/doorstep-ai/doorstep/pkg/edd"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/event"
	"github.com/doorstep-ai/doorstep/pkg/intake"
	"github.com/doorstep-ai/doorstep/pkg/notify"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/parcelaudit"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/resolution"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/tracking"
	"github.com/doorstep-ai/doorstep/pkg/watch"
)

// Config is what a Delivery is built from.
type Config struct {
	Store store.Store
	Clock clock.Clock
	Log   *slog.Logger
	// Shop is the shop this deployment serves.
	Shop string
	// Brand is the deployment's: sender and storefront, and the name and
	// look until the shop's settings (Merchant) say otherwise.
	Brand notify.Brand
	Mail  email.Sender
	SMS   notify.SMS // nil: email only
	// Texts, when set, texts the customers who opted in (package sms)
	// instead of SMS.
	Texts notify.Texter
	// Resolver makes refunds and replacements (shopify.Resolver in AWS,
	// *demoshop.Shop locally); nil where no check runs.
	Resolver resolution.Resolver
	// Escalations opens handoffs through the escalation workflow; nil
	// writes the handoff records only.
	Escalations watch.Escalator
	// Executor runs the delivery check's own proposals (cancelling a
	// replacement no longer needed); nil asks a person instead.
	Executor escalation.Executor
	Policy   watch.Policy
	Rules    edd.Rules
	// Keys sign unsubscribe and tracking links (pkg/secrets,
	// LinkSigningKey); BaseURL is where those links point (doorstep's
	// public address).
	Keys    *signed.Keyring
	BaseURL string
	// TrackingSecrets are the providers' webhook secrets ("easypost",
	// "aftership"); a provider with none is accepted unsigned unless
	// RequireSignature.
	TrackingSecrets  map[string][]byte
	RequireSignature bool
	ReturnWindow     time.Duration
	// DisabledNotices are shipping notifications the merchant turned off.
	DisabledNotices map[notify.Kind]bool
	// Merchant, when set, is the console's settings (settings.Service):
	// its notification switches and its refund limit apply per shop.
	Merchant interface {
		notify.Merchant
		watch.Policies
	}
	// ConsoleAuth lets a request into the claims API; nil refuses all.
	ConsoleAuth func(*http.Request) bool
}

// Delivery is the wired set.
type Delivery struct {
	Tracking  *tracking.Service
	Notify    *notify.Notifier
	Checker   *watch.Checker
	Claims    *parcelaudit.Book
	ClaimsAPI *parcelaudit.Handler
	log       *slog.Logger
	store     store.Store
}

// New wires a Delivery.
func New(cfg Config) *Delivery {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	if cfg.ReturnWindow == 0 {
		cfg.ReturnWindow = 30 * 24 * time.Hour
	}
	// The brand is the shop's settings' (name, logo, colours) over the
	// deployment's (sender, storefront), read per notice.
	var brands notify.Brands = notify.StaticBrand(cfg.Brand)
	if cfg.Merchant != nil {
		brands = notify.MerchantBrands{Merchant: cfg.Merchant, Base: cfg.Brand, Log: log}
	}
	rules := cfg.Rules
	d := &Delivery{log: log, store: cfg.Store}
	d.Notify = &notify.Notifier{Store: cfg.Store, Mail: cfg.Mail, SMS: cfg.SMS, Brands: brands, Rules: &rules, Clock: cfg.Clock,
		Log: log, Keys: cfg.Keys, BaseURL: cfg.BaseURL, Disabled: cfg.DisabledNotices, Texts: cfg.Texts}
	if cfg.Merchant != nil {
		d.Notify.Merchant = cfg.Merchant
	}
	d.Claims = &parcelaudit.Book{Store: cfg.Store, Clock: cfg.Clock}
	d.ClaimsAPI = &parcelaudit.Handler{Book: d.Claims, Shop: cfg.Shop, Authorize: cfg.ConsoleAuth, Log: log}
	d.Checker = &watch.Checker{Store: cfg.Store, Notify: d.Notify, Resolver: cfg.Resolver, Claims: d.Claims, Escalations: cfg.Escalations,
		Executor: cfg.Executor, Policy: cfg.Policy, Rules: rules, Clock: cfg.Clock, Log: log, Conversations: cfg.Store}
	if cfg.Merchant != nil {
		d.Checker.Policies = cfg.Merchant
	}
	d.Tracking = &tracking.Service{Store: cfg.Store, Clock: cfg.Clock, Log: log, Secrets: cfg.TrackingSecrets, RequireSignature: cfg.RequireSignature,
		Updated: func(ctx context.Context, sh order.Shipment) error {
			return errors.Join(d.Notify.ShipmentUpdated(ctx, sh), d.Checker.ShipmentUpdated(ctx, sh))
		}}
	return d
}

// IntakeApplied is the Shopify intake's Applied hook: the order
// confirmation, tracking history and shipping notifications, and the
// products seen (package catalog, for the tracking page's related
// products). It does all it can and returns the failures joined, for the
// event to be retried: notices are claimed by key and history and products
// are keyed writes, so a retry repeats nothing that succeeded.
func (d *Delivery) IntakeApplied(ctx context.Context, topic string, c store.Change) error {
	errs := []error{d.Notify.OrderApplied(ctx, topic, c), d.Checker.OrderApplied(ctx, topic, c), d.Tracking.FromShopify(ctx, topic, c)}
	if c.Order != nil {
		if err := catalog.Record(ctx, d.store, *c.Order); err != nil {
			errs = append(errs, fmt.Errorf("record products: %w", err))
		}
	}
	return errors.Join(errs...)
}

// Reactions registers what the delivery side does about other
// capabilities' events: a stored webhook change sends the order
// confirmation and shipping notifications, keeps tracking history and
// records the products. Redacting a customer forgets their notification
// opt-out.
func (d *Delivery) Reactions(r event.Registry, p *privacy.Service) {
	r.On(intake.KindApplied, "delivery", intake.OnApplied(func(ctx context.Context, topic string, c store.Change) error {
		return d.IntakeApplied(ctx, topic, c)
	}))
	if p != nil {
		p.AddEraser("notifications", func(ctx context.Context, shop, email string, _ []string) error {
			return notify.EraseOptOut(ctx, d.store, shop, email)
		})
	}
}

// Tick runs the delivery check at now (the local runner's OnTick).
func (d *Delivery) Tick(ctx context.Context, now time.Time) error { return d.Checker.Tick(ctx, now) }

// Register mounts the tracking providers' webhooks and the unsubscribe
// link. The tracking page (package trackpage) is mounted on its own
// (App.TrackPageHandler, TrackpageFunction in the stack): it is the
// customer's public page, with its own routes and role, apart from the
// providers' webhooks.
func (d *Delivery) Register(mux *http.ServeMux) {
	mux.Handle("POST /webhooks/tracking/{provider}", d.Tracking)
	mux.HandleFunc("GET /unsubscribe", d.Notify.ServeUnsubscribe)
	mux.HandleFunc("POST /unsubscribe", d.Notify.ServeUnsubscribe)
}

// RegisterClaimsAPI mounts GET /console/api/claims and .../claims.csv, for
// a binary with no console of its own (the console serves them through its
// Claims port otherwise).
func (d *Delivery) RegisterClaimsAPI(mux *http.ServeMux) {
	mux.Handle("GET /console/api/claims", d.ClaimsAPI)
	mux.Handle("GET /console/api/claims.csv", d.ClaimsAPI)
}

// Env is the delivery settings of a Lambda, from the environment.
type Env struct {
	Shop    string
	Brand   notify.Brand
	Rules   edd.Rules
	Policy  watch.Policy
	BaseURL string
	// TrackingSecrets come from EASYPOST_WEBHOOK_SECRET and
	// AFTERSHIP_WEBHOOK_SECRET.
	TrackingSecrets map[string][]byte
}

// LoadEnv reads the delivery settings:
//
//	SHOP_DOMAIN                   required (the link signing key is
//	                              not here: pkg/secrets reads it)
//	PUBLIC_BASE_URL               doorstep's public address, for links in
//	                              mail; empty: from the requests served
//	                              (notify.RequestBase)
//	SUPPORT_EMAIL                 the sender; empty: no notices are mailed
//	SHOP_NAME, STORE_URL          the name (until the console's settings
//	                              change it) and the storefront; the logo
//	                              and colours are in the settings
//	SHOP_TIMEZONE                 IANA zone for cutoffs and dates (UTC)
//	DELIVERY_POLICY               JSON watch.Policy (watch.DefaultPolicy)
//	EASYPOST_WEBHOOK_SECRET, AFTERSHIP_WEBHOOK_SECRET
func LoadEnv() (Env, error) {
	v, err := dconfig.Load("SHOP_DOMAIN")
	if err != nil {
		return Env{}, err
	}
	e := Env{Shop: strings.ToLower(v["SHOP_DOMAIN"]),
		BaseURL: strings.TrimRight(strings.TrimSpace(os.Getenv("PUBLIC_BASE_URL")), "/"), Policy: watch.DefaultPolicy()}
	e.Brand = notify.Brand{ShopName: dconfig.Default("SHOP_NAME", ""), FromAddress: os.Getenv("SUPPORT_EMAIL"),
		StoreURL: dconfig.Default("STORE_URL", "https://"+e.Shop)}
	loc, err := time.LoadLocation(dconfig.Default("SHOP_TIMEZONE", "UTC"))
	if err != nil {
		return Env{}, fmt.Errorf("SHOP_TIMEZONE: %w", err)
	}
	e.Rules = edd.DefaultRules(loc)
	if raw := strings.TrimSpace(os.Getenv("DELIVERY_POLICY")); raw != "" {
		if err := json.Unmarshal([]byte(raw), &e.Policy); err != nil {
			return Env{}, fmt.Errorf("DELIVERY_POLICY: %w", err)
		}
	}
	if err := e.Policy.Validate(); err != nil {
		return Env{}, fmt.Errorf("DELIVERY_POLICY: %w", err)
	}
	e.TrackingSecrets = map[string][]byte{}
	for provider, name := range map[string]string{tracking.EasyPost: "EASYPOST_WEBHOOK_SECRET", tracking.AfterShip: "AFTERSHIP_WEBHOOK_SECRET"} {
		if s := strings.TrimSpace(os.Getenv(name)); s != "" {
			e.TrackingSecrets[provider] = []byte(s)
		}
	}
	return e, nil
}
