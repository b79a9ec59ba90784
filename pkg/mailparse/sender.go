package mailparse

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// ErrNoSender is returned for a message whose From is missing, names more
// than one mailbox, or does not parse: nobody can be said to have sent it.
var ErrNoSender = fmt.Errorf("%w: no single sender address", ErrUnreadable)

// Sender reads the sender from a message's raw From header values (as
// received, encoded words and all): the addr-spec of its one mailbox,
// lower-cased, with the display name decoded for showing only. Who the
// sender is comes from the address structure alone: a display name,
// encoded or not, never changes it, and nothing is ever guessed from text
// that merely looks like an address. ok is false when there is no From
// header, more than one, a From with more than one mailbox (or a group of
// them), one that RFC 5322 parsing (net/mail) refuses, or an address that
// is not a plain dot-atom local part at a host name.
func Sender(values []string) (from mail.Address, ok bool) {
	if len(values) != 1 {
		return mail.Address{}, false
	}
	v := strings.TrimSpace(values[0])
	if v == "" || len(v) > maxFrom || strings.ContainsAny(v, "\r\n\x00") {
		return mail.Address{}, false
	}
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: anyCharset}}
	a, err := p.Parse(v)
	if err != nil {
		return mail.Address{}, false
	}
	addr := strings.ToLower(a.Address)
	if !plainAddrRe().MatchString(addr) {
		return mail.Address{}, false
	}
	return mail.Address{Name: DisplayName(a.Name), Address: addr}, true
}

// maxFrom bounds a From header value: one mailbox with a display name
// fits in far less.
const maxFrom = 4 << 10

// plainAddrRe is the only address shape a sender may have: RFC 5322
// dot-atom text, @, a host name with at least two labels. Quoted local
// parts, domain literals and non-ASCII addresses are refused: we could not
// answer them safely, and an order's email is never one of them.
var plainAddrRe = lazyRegexp("^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")

// DisplayName makes a decoded display name safe to show and to put back
// in a header as a (re-encoded) display name: valid UTF-8, control
// characters (CR and LF among them) replaced by spaces, runs of space
// collapsed, at most 100 bytes.
func DisplayName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	if len(name) > 100 {
		name = name[:100]
		for !utf8.ValidString(name) {
			name = name[:len(name)-1]
		}
	}
	return name
}

// anyCharset lets an encoded display name in a charset the standard
// library does not know decode to its bytes (DisplayName makes them valid
// UTF-8): the name is for showing only, so a wrong glyph is harmless, and
// refusing the whole From over it would lose the message.
func anyCharset(_ string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 4096))
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// addressList reads a raw To or Cc header value with net/mail, keeping
// only plain addresses; a value that does not parse gives none.
func addressList(v string) []string {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: anyCharset}}
	list, err := p.ParseList(v)
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range list {
		if addr := strings.ToLower(a.Address); plainAddrRe().MatchString(addr) {
			out = append(out, addr)
		}
	}
	return out
}
