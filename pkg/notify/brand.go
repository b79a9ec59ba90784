package notify

import (
	"net/mail"
	"regexp"
	"strings"
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
	// LogoURL is an https image URL; empty shows the name instead.
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

// Logo is the logo URL when it is https, else "".
func (b Brand) Logo() string {
	if l := strings.TrimSpace(b.LogoURL); strings.HasPrefix(strings.ToLower(l), "https://") {
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
	Brand(shop string) Brand
}

// StaticBrand is one brand for every shop.
type StaticBrand Brand

// Brand returns the brand.
func (s StaticBrand) Brand(string) Brand { return Brand(s) }
