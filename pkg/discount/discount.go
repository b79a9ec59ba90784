// Package discount is the discount codes doorstep issues: one unique,
// single-use, expiring code per suggestion (and one a happy customer can
// give a friend), made in the shop so that an order that uses one is
// revenue from exactly that suggestion.
//
// A code reads "THANKS-7KQ2-M9XD-4TPA": a prefix that says what it is, then
// twelve characters drawn from an alphabet without the characters people
// confuse (0 and O, 1, I and L, U and V), from crypto/rand: 29^12, about 58
// bits,
// so codes cannot be guessed from one another. The shop refuses a code it
// already has (ErrTaken); the issuer draws another.
package discount

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/order"
)

// Alphabet is what the random part of a code is drawn from: upper-case
// letters and digits without 0, O, 1, I, L, U and V.
const Alphabet = "ABCDEFGHJKMNPQRSTWXYZ23456789"

// Prefixes say what a code is for.
const (
	PrefixThanks = "THANKS" // the customer's own code, with a suggestion
	PrefixFriend = "FRIEND" // the code a customer gives a friend
)

// randomLen is the random part's length, in groups of groupLen.
const (
	randomLen = 12
	groupLen  = 4
)

// Generate draws a new code with prefix from r (crypto/rand.Reader when
// nil).
func Generate(prefix string, r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	if !validPrefix(prefix) {
		return "", fmt.Errorf("discount code prefix %q: want 1 to 12 letters", prefix)
	}
	// Rejection sampling: bytes at or above the largest multiple of the
	// alphabet's size are drawn again, so every character is as likely.
	limit := byte(256 - 256%len(Alphabet))
	out := make([]byte, 0, randomLen)
	buf := make([]byte, 2*randomLen)
	for len(out) < randomLen {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("draw discount code: %w", err)
		}
		for _, b := range buf {
			if b < limit && len(out) < randomLen {
				out = append(out, Alphabet[int(b)%len(Alphabet)])
			}
		}
	}
	return format(prefix, string(out)), nil
}

func format(prefix, random string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < len(random); i += groupLen {
		b.WriteByte('-')
		b.WriteString(random[i:min(i+groupLen, len(random))])
	}
	return b.String()
}

func validPrefix(p string) bool {
	if p == "" || len(p) > 12 {
		return false
	}
	for _, c := range p {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// Parse reads a code as a customer may type it ("thanks 7kq2m9xd4tpa",
// " THANKS-7KQ2-M9XD-4TPA ") into its one written form. It reports false
// for anything that is not a code doorstep could have issued: an unknown
// prefix, a character outside Alphabet, a wrong length.
func Parse(s string) (string, bool) {
	var b strings.Builder
	for _, c := range strings.ToUpper(s) {
		switch {
		case c == '-' || c == ' ' || c == '\t':
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteRune(c)
		default:
			return "", false
		}
	}
	flat := b.String()
	for _, p := range []string{PrefixThanks, PrefixFriend} {
		rest, ok := strings.CutPrefix(flat, p)
		if !ok || len(rest) != randomLen {
			continue
		}
		for i := 0; i < len(rest); i++ {
			if strings.IndexByte(Alphabet, rest[i]) < 0 {
				return "", false
			}
		}
		return format(p, rest), true
	}
	return "", false
}

// Normalise is the form codes are compared in: Parse's when s is one of
// ours, else s upper-cased and trimmed (Shopify's codes are
// case-insensitive).
func Normalise(s string) string {
	if c, ok := Parse(s); ok {
		return c
	}
	return strings.ToUpper(strings.TrimSpace(s))
}

// Value is what a code takes off: a percentage of the order, or an amount
// in the shop's currency. One of the two is set.
type Value struct {
	Percent int // 1 to 100
	// Amount is in minor units of Currency (the shop's, which a
	// percentage's Currency may name too).
	Amount   order.Money
	Currency string
}

// Valid reports whether v takes something off.
func (v Value) Valid() error {
	switch {
	case v.Percent > 0 && v.Amount > 0:
		return errors.New("a discount is a percentage or an amount, not both")
	case v.Percent > 100:
		return fmt.Errorf("discount of %d%%: at most 100", v.Percent)
	case v.Amount > 0 && v.Currency == "":
		return errors.New("a discount amount needs its currency")
	case v.Percent <= 0 && v.Amount <= 0:
		return errors.New("a discount takes nothing off")
	}
	return nil
}

// Request is a code to make in the shop: usable once (usage limit 1, once
// per customer), between StartsAt and EndsAt, on the whole order.
type Request struct {
	Shop  string
	Code  string
	Title string // what the merchant sees in Shopify's admin
	Value Value
	// CustomerID (Shopify's numeric id) limits the code to that customer;
	// "" lets anyone use it (a code for a friend).
	CustomerID       string
	StartsAt, EndsAt time.Time
	// Order is the order the code thanks the customer for ("#1006"), and
	// CustomerEmail its customer's: the demo shop's log and checks use
	// them; Shopify knows its customers by CustomerID.
	Order         string
	CustomerEmail string
}

// Discount is a code the shop made.
type Discount struct {
	// ID is the shop's id for it (a DiscountCodeNode gid in Shopify).
	ID   string
	Code string
}

// Creator makes codes in the shop (the Shopify adapter, the demo shop).
type Creator interface {
	CreateDiscount(ctx context.Context, r Request) (Discount, error)
}

// ErrTaken is the shop's answer when the code already exists.
var ErrTaken = errors.New("discount code already taken")

// Attempts is how many codes Issue draws before giving up.
const Attempts = 5

// Issue makes a new code with prefix in the shop: it draws one, and draws
// again while the shop says the code is taken.
func Issue(ctx context.Context, c Creator, prefix string, r Request) (Discount, error) {
	if err := r.Value.Valid(); err != nil {
		return Discount{}, fmt.Errorf("issue discount code: %w", err)
	}
	if !r.EndsAt.After(r.StartsAt) {
		return Discount{}, errors.New("issue discount code: it must end after it starts")
	}
	for range Attempts {
		code, err := Generate(prefix, nil)
		if err != nil {
			return Discount{}, err
		}
		r.Code = code
		d, err := c.CreateDiscount(ctx, r)
		if errors.Is(err, ErrTaken) {
			continue
		}
		if err != nil {
			return Discount{}, fmt.Errorf("issue discount code: %w", err)
		}
		if d.Code == "" {
			d.Code = code
		}
		return d, nil
	}
	return Discount{}, fmt.Errorf("issue discount code: %d codes in a row were taken", Attempts)
}
