package notify

import (
	"context"
	"log/slog"
	"net/mail"
	"regexp"
	"strings"

	"github.com/doorstep-ai/doorstep/pkg/settings"
)

// Brand is how a shop looks and signs in what doorstep sends and shows.
type Brand struct {
	// ShopName is the name customers know the shop by.
	ShopName string `json:"shop_name"`
	// FromAddress is the address mail is sent from (an SES-verified
	// identity); the sender's name is the shop's.
	FromAddress string `json:"from_address"`
	// PrimaryColor and AccentColor are CSS hex colours ("#1f3a5f").
	PrimaryColor string `json:"primary_color,omitempty"`
	AccentColor  string `json:"accent_color,omitempty"`
	// LogoURL is an https image URL (or http on localhost, see
	// settings.LogoProblem); empty shows the name instead.
	LogoURL string `json:"logo_url,omitempty"`
	// StoreURL is the storefront's address.
	StoreURL string `json:"store_url,omitempty"`
}

// Defaults for a brand that names no colours.
const (
	DefaultPrimary = "#1f3a5f"
	DefaultAccent  = "#c8553d"
)

var hexColor = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// Primary is the primary colour, or the default when it is not a hex colour.
func (b Brand) Primary() string { return color(b.PrimaryColor, DefaultPrimary) }

// Accent is the accent colour, or the default when it is not a hex colour.
func (b Brand) Accent() string { return color(b.AccentColor, DefaultAccent) }

func color(c, def string) string {
	if c = strings.TrimSpace(c); hexColor.MatchString(c) {
		return c
	}
	return def
}

// Logo is the logo URL when settings accept it (https, or http on
// localhost), else "".
func (b Brand) Logo() string {
	if l := strings.TrimSpace(b.LogoURL); l != "" && settings.LogoProblem(l) == "" {
		return l
	}
	return ""
}

// Name is the shop's name, or "our shop".
func (b Brand) Name() string {
	if n := strings.TrimSpace(b.ShopName); n != "" {
		return n
	}
	return "our shop"
}

// From is the sender: the shop's name at its address.
func (b Brand) From() mail.Address { return mail.Address{Name: b.Name(), Address: b.FromAddress} }

// Brands gives a shop's brand.
type Brands interface {
	Brand(ctx context.Context, shop string) Brand
}

// StaticBrand is one brand for every shop.
type StaticBrand Brand

// Brand returns the brand.
func (s StaticBrand) Brand(context.Context, string) Brand { return Brand(s) }

// MerchantBrands is each shop's brand as its settings say (name, logo,
// colours; read through the settings cache, so a save shows at once here
// and within the cache's TTL elsewhere), with Base for what settings do
// not hold (the sender address, the storefront).
type MerchantBrands struct {
	Merchant Merchant
	Base     Brand
	Log      *slog.Logger
}

// Brand returns shop's brand; Base when its settings cannot be read.
func (m MerchantBrands) Brand(ctx context.Context, shop string) Brand {
	b := m.Base
	if m.Merchant == nil || shop == "" {
		return b
	}
	s, err := m.Merchant.Get(ctx, shop)
	if err != nil {
		if m.Log != nil {
			m.Log.WarnContext(ctx, "read the shop's brand; using the deployment's", "shop", shop, "err", err)
		}
		return b
	}
	if n := strings.TrimSpace(s.Policy.ShopName); n != "" {
		b.ShopName = n
	}
	// The settings' own: empty is no logo, the default colours (their
	// defaults are the deployment's brand, settings.Service.Defaults).
	b.LogoURL, b.PrimaryColor, b.AccentColor = s.Brand.LogoURL, s.Brand.PrimaryColor, s.Brand.AccentColor
	return b
}
