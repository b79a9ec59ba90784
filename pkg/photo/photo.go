// Package photo takes in the pictures customers send (a cracked mug, a
// parcel left in the rain), from the chat widget or attached to an email:
// it decides what the bytes are by sniffing them, never by the declared
// type; bounds their size; names them; and keeps them in the blob store
// (package s3blob in AWS, package fileblob locally) under their
// conversation. The record is conversation.Photo, kept on the
// conversation.
package photo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // DecodeConfig checks GIF headers
	_ "image/jpeg" // and JPEG's
	_ "image/png"  // and PNG's
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/privacy"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// MaxBytes is the largest photo kept, by default: 10 MB.
const MaxBytes = 10 << 20

// KeyPrefix starts every photo's key; the channel follows
// ("photos/chat/", "photos/email/"), so each function's role may write
// under its own channel only.
const KeyPrefix = "photos/"

// Errors, for callers to map (415, 413, 400).
var (
	ErrNotImage = errors.New("not a supported image (JPEG, PNG, WebP, HEIC, HEIF, AVIF or GIF)")
	ErrTooLarge = errors.New("photo too large")
	ErrEmpty    = errors.New("empty photo")
)

// Blobs keeps the bytes.
type Blobs interface {
	Put(ctx context.Context, key string, data []byte, contentType string) (ref string, err error)
}

// Getter reads them back.
type Getter interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

// Sniff says what image data holds, from its bytes: image/jpeg,
// image/png, image/gif, image/webp, image/heic, image/heif or image/avif;
// "" for anything else. JPEG, PNG and GIF must also have a header that
// parses; WebP and the ISO media formats must have their container's
// signature and brand.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return decodes(data, "image/jpeg")
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return decodes(data, "image/png")
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return decodes(data, "image/gif")
	case len(data) >= 16 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" && strings.HasPrefix(string(data[12:16]), "VP8"):
		return "image/webp"
	}
	return isoImage(data)
}

func decodes(data []byte, ct string) string {
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return ""
	}
	return ct
}

// isoImage reads an ISO base media file's ftyp box (HEIC from iPhones,
// HEIF, AVIF): its major brand, else a compatible brand, names the type.
func isoImage(data []byte) string {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return ""
	}
	size := int(data[0])<<24 | int(data[1])<<16 | int(data[2])<<8 | int(data[3])
	if size < 16 || size > len(data) || size > 4096 || size%4 != 0 {
		return ""
	}
	brands := []string{string(data[8:12])} // major, then compatible after the minor version
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(data[i:i+4]))
	}
	for _, b := range brands {
		switch b {
		case "heic", "heix", "heim", "heis", "hevc", "hevx":
			return "image/heic"
		case "avif", "avis":
			return "image/avif"
		case "mif1", "msf1", "heif":
			return "image/heif"
		}
	}
	return ""
}

// Extension is the file extension for a sniffed type.
func Extension(contentType string) string {
	switch contentType {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/heic":
		return ".heic"
	case "image/heif":
		return ".heif"
	case "image/avif":
		return ".avif"
	}
	return ""
}

// Check says whether data is a photo doorstep keeps: not empty, at most
// max bytes (MaxBytes when max <= 0), an image by its bytes. It returns
// the sniffed type.
func Check(data []byte, max int) (string, error) {
	if max <= 0 {
		max = MaxBytes
	}
	switch {
	case len(data) == 0:
		return "", ErrEmpty
	case len(data) > max:
		return "", fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(data), max)
	}
	ct := Sniff(data)
	if ct == "" {
		return "", ErrNotImage
	}
	return ct, nil
}

// New checks data and makes its record for conversation c on channel ch,
// received at. The id comes from the bytes, so the same photo sent twice
// (a redelivered email, a retried upload) is one photo; Seq is left for
// the caller, who knows the message.
func New(c conversation.Conversation, ch conversation.Channel, name string, data []byte, max int, at time.Time) (conversation.Photo, error) {
	ct, err := Check(data, max)
	if err != nil {
		return conversation.Photo{}, err
	}
	sum := sha256.Sum256(data)
	id := "ph-" + hex.EncodeToString(sum[:8])
	name = SafeName(name)
	if name == "" {
		name = "photo" + Extension(ct)
	}
	return conversation.Photo{ID: id, Key: Key(ch, c.Shop, c.ID, id, ct), Name: name, ContentType: ct, Size: len(data), Channel: ch, At: at}, nil
}

// Key is where a photo's bytes go: photos/<channel>/<shop>/<conversation>/<id><ext>.
func Key(ch conversation.Channel, shop, convID, id, contentType string) string {
	return KeyPrefix + SafeName(string(ch)) + "/" + SafeName(shop) + "/" + SafeName(convID) + "/" + SafeName(id) + Extension(contentType)
}

// Keep writes a photo's bytes under its key.
func Keep(ctx context.Context, b Blobs, p conversation.Photo, data []byte) error {
	if _, err := b.Put(ctx, p.Key, data, p.ContentType); err != nil {
		return fmt.Errorf("keep photo %s: %w", p.ID, err)
	}
	return nil
}

// SafeName is a file name safe in a blob key, on any file system and in
// a transcript: letters, digits, '-', '_' and '.', at most 80 bytes, no
// leading dot.
func SafeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	b := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, name)
	b = strings.TrimLeft(b, ".")
	if len(b) > 80 {
		b = b[len(b)-80:]
	}
	return b
}

// Deleter removes a photo's bytes; deleting a key that is not there is
// not an error.
type Deleter interface {
	Delete(ctx context.Context, key string) error
}

// Pruner removes every blob under a key prefix (a folder: it ends in
// "/"), returning how many it removed.
type Pruner interface {
	DeletePrefix(ctx context.Context, prefix string) (int, error)
}

// Channels are the channels photos are kept under (the second part of a
// Key).
var Channels = []conversation.Channel{conversation.ChannelChat, conversation.ChannelEmail}

// ShopPrefixes are the key prefixes of a shop's photos, one a channel.
func ShopPrefixes(shop string) []string {
	out := make([]string, 0, len(Channels))
	for _, ch := range Channels {
		out = append(out, KeyPrefix+SafeName(string(ch))+"/"+SafeName(shop)+"/")
	}
	return out
}

// EraseShop deletes every photo file of shop (shop/redact).
func EraseShop(ctx context.Context, d Pruner, shop string) error {
	if SafeName(shop) == "" {
		return fmt.Errorf("erase photos: no shop")
	}
	for _, p := range ShopPrefixes(shop) {
		if _, err := d.DeletePrefix(ctx, p); err != nil {
			return fmt.Errorf("erase photos of shop: %w", err)
		}
	}
	return nil
}

// ShopReactions registers the photos' shop eraser: shop/redact deletes
// every photo file of the shop.
func ShopReactions(p *privacy.Service, d Pruner) {
	p.AddShopEraser("photos", func(ctx context.Context, shop string) error {
		return EraseShop(ctx, d, shop)
	})
}

// Conversations reads a conversation's photos.
type Conversations interface {
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
}

// Reactions registers the photos' eraser: redacting a customer
// (customers/redact) deletes the photo files of their conversations, read
// before the conversations themselves go.
func Reactions(p *privacy.Service, st Conversations, d Deleter) {
	p.AddEraser("photos", func(ctx context.Context, shop, _ string, convs []string) error {
		return Erase(ctx, st, d, shop, convs)
	})
}

// Erase deletes the photo files of the shop's conversations convs.
func Erase(ctx context.Context, st Conversations, d Deleter, shop string, convs []string) error {
	for _, id := range convs {
		c, _, err := st.GetConversation(ctx, shop, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("erase photos of conversation %s: %w", id, err)
		}
		for _, p := range c.Photos {
			if err := d.Delete(ctx, p.Key); err != nil {
				return fmt.Errorf("erase photo %s: %w", p.ID, err)
			}
		}
	}
	return nil
}
