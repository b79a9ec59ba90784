package mailin

import (
	"context"
	"fmt"
	"strconv"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/photo"
)

// Extracted is a photo taken from a message's attachments: its bytes as
// decoded from the MIME part (base64 or quoted-printable, attached or
// inline) and its type, by sniffing those bytes.
type Extracted struct {
	Name        string
	ContentType string
	Data        []byte
}

func (s *Service) maxAttachment() int {
	if s.MaxAttachment > 0 {
		return s.MaxAttachment
	}
	return DefaultMaxAttachment
}

// ExtractPhotos picks the attachments of msg to keep: those whose bytes
// are an image (whatever type the part declares), up to limit bytes each,
// at most MaxPhotosPerMessage. notes tell the customer, politely, about
// the files not kept.
func ExtractPhotos(msg mailparse.Incoming, limit int) (keep []Extracted, notes []string) {
	tooMany := false
	for i, a := range msg.Attachments {
		ct := photo.Sniff(a.Data)
		name := a.Filename
		if name == "" {
			name = "attachment-" + strconv.Itoa(i+1) + photo.Extension(ct)
		}
		switch {
		case len(a.Data) > limit:
			if ct != "" || a.IsImage() {
				notes = append(notes, fmt.Sprintf("Your attachment %s is larger than %d MB, so we couldn't keep it. Could you send a smaller photo? A screenshot works too.", name, max(limit>>20, 1)))
			}
		case ct == "":
			if a.Filename != "" && !a.Inline && len(a.Data) > 0 {
				notes = append(notes, fmt.Sprintf("We can keep photos only, so we couldn't keep %s. If it matters, please put the details in the text of your reply.", name))
			}
		case len(keep) == MaxPhotosPerMessage:
			tooMany = true
		default:
			keep = append(keep, Extracted{Name: name, ContentType: ct, Data: a.Data})
		}
	}
	if tooMany {
		notes = append(notes, fmt.Sprintf("We kept the first %d photos you sent; please send any others in a separate email.", MaxPhotosPerMessage))
	}
	return keep, notes
}

// keepPhotos writes the photos to the blob store under the conversation
// and returns their records (package photo: the key comes from the bytes,
// so a redelivery overwrites rather than adds).
func (s *Service) keepPhotos(ctx context.Context, conv conversation.Conversation, files []Extracted) ([]conversation.Photo, error) {
	var out []conversation.Photo
	for _, f := range files {
		p, err := photo.New(conv, conversation.ChannelEmail, f.Name, f.Data, s.maxAttachment(), s.Clock.Now())
		if err != nil {
			return nil, fmt.Errorf("keep attachment %s: %w", f.Name, err) // ExtractPhotos checked it: not expected
		}
		if err := photo.Keep(ctx, s.Blobs, p, f.Data); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
