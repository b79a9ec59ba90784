package conversation

import (
	"strings"
	"time"
)

// Photo is a picture the customer sent in a conversation (a damaged item,
// a parcel left in the rain), in the chat widget or attached to an email.
// The bytes are in the blob store under Key (private: S3 in AWS, a folder
// locally); the conversation keeps the record, so its turns, its
// proposals and any approval or handoff from it can show the photo.
type Photo struct {
	// ID names the photo within its conversation ("ph-…").
	ID string `json:"id"`
	// Key is where the bytes are in the blob store.
	Key string `json:"key"`
	// Name is the file name the customer's device gave, made safe.
	Name string `json:"name,omitempty"`
	// ContentType is what the bytes are, by sniffing them (image/jpeg,
	// image/png, image/webp, image/heic, ...), never the declared type.
	ContentType string  `json:"content_type"`
	Size        int     `json:"size"`
	Channel     Channel `json:"channel"`
	// Seq is the customer message the photo came with.
	Seq int       `json:"seq"`
	At  time.Time `json:"at"`
}

// MaxPhotos is how many photos a conversation keeps.
const MaxPhotos = 20

// AddPhotos records photos on the conversation (a photo with an ID it has
// is not added twice) and reports how many it took: none past MaxPhotos.
func (c *Conversation) AddPhotos(ps ...Photo) int {
	n := 0
	for _, p := range ps {
		if _, ok := c.FindPhoto(p.ID); ok {
			continue
		}
		if len(c.Photos) >= MaxPhotos {
			break
		}
		c.Photos = append(c.Photos, p)
		n++
	}
	return n
}

// FindPhoto returns the conversation's photo with id.
func (c Conversation) FindPhoto(id string) (Photo, bool) {
	for _, p := range c.Photos {
		if p.ID == id {
			return p, true
		}
	}
	return Photo{}, false
}

// PhotoIDs are the ids of the conversation's photos, oldest first.
func (c Conversation) PhotoIDs() []string {
	if len(c.Photos) == 0 {
		return nil
	}
	ids := make([]string, len(c.Photos))
	for i, p := range c.Photos {
		ids[i] = p.ID
	}
	return ids
}

// PhotoNote is how a customer message that came with photos tells the
// agent (and the transcript) about them: "[Photo attached: mug.jpg]".
// The model sees the note; the photos themselves go to a person.
func PhotoNote(ps []Photo) string {
	if len(ps) == 0 {
		return ""
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
		if names[i] == "" {
			names[i] = "photo"
		}
	}
	label := "Photo attached"
	if len(ps) > 1 {
		label = "Photos attached"
	}
	return "[" + label + ": " + strings.Join(names, ", ") + "]"
}

// HasPhotoNote reports whether a message text carries a PhotoNote.
func HasPhotoNote(text string) bool {
	return strings.Contains(text, "[Photo attached: ") || strings.Contains(text, "[Photos attached: ")
}
