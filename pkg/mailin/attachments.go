package mailin

import (
	"context"
	"fmt"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
)

// File is an attachment doorstep kept (an image within the size limit).
type File struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	Ref         string `json:"ref"`
	data        []byte
}

// AttachmentRecord is the document (collection "attachments", id
// shop|conversation|message key) listing the files kept from one message,
// so a person handling the conversation later sees them.
type AttachmentRecord struct {
	Conversation string    `json:"conversation_id"`
	MessageID    string    `json:"message_id"`
	Seq          int       `json:"seq"`
	Files        []File    `json:"files"`
	At           time.Time `json:"at"`
}

func (s *Service) maxAttachment() int {
	if s.MaxAttachment > 0 {
		return s.MaxAttachment
	}
	return DefaultMaxAttachment
}

// planAttachments picks the attachments to keep: images up to the size
// limit, at most maxAttachments. notes tell the customer, politely, about
// the ones not kept.
func (s *Service) planAttachments(msg mailparse.Incoming) (keep []File, notes []string) {
	if s.Blobs == nil {
		return nil, nil
	}
	limit := s.maxAttachment()
	tooMany := false
	for i, a := range msg.Attachments {
		name := a.Filename
		if name == "" {
			name = "attachment-" + strconv.Itoa(i+1) + extension(a.ContentType)
		}
		switch {
		case !a.IsImage():
			if a.Filename != "" && !a.Inline {
				notes = append(notes, fmt.Sprintf("We can keep photos only, so we couldn't keep %s. If it matters, please put the details in the text of your reply.", name))
			}
		case len(a.Data) == 0:
		case len(a.Data) > limit:
			notes = append(notes, fmt.Sprintf("Your attachment %s is larger than %d MB, so we couldn't keep it. Could you send a smaller photo? A screenshot works too.", name, limit>>20))
		case len(keep) == maxAttachments:
			tooMany = true
		default:
			keep = append(keep, File{Name: name, ContentType: a.ContentType, Size: len(a.Data), data: a.Data})
		}
	}
	if tooMany {
		notes = append(notes, fmt.Sprintf("We kept the first %d photos you sent; please send any others in a separate email.", maxAttachments))
	}
	return keep, notes
}

func extension(contentType string) string {
	if exts, _ := mime.ExtensionsByType(contentType); len(exts) > 0 {
		return exts[0]
	}
	return ""
}

// storeAttachments writes the files to the blob store under keys that come
// from the message, so a redelivery overwrites rather than adds.
func (s *Service) storeAttachments(ctx context.Context, conv conversation.Conversation, key string, files []File) ([]File, error) {
	prefix := s.AttachmentPrefix
	if prefix == "" {
		prefix = "attachments/"
	}
	for i := range files {
		k := prefix + conv.Shop + "/" + conv.ID + "/" + key + "/" + strconv.Itoa(i+1) + "-" + blobName(files[i].Name)
		ref, err := s.Blobs.Put(ctx, k, files[i].data, files[i].ContentType)
		if err != nil {
			return nil, fmt.Errorf("keep attachment: %w", err)
		}
		files[i].Ref = ref
	}
	return files, nil
}

// blobName is a file name safe in an S3 key and on any file system.
func blobName(name string) string {
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
	if b == "" {
		b = "file"
	}
	return b
}

// putAttachments records the files kept from a message.
func (s *Service) putAttachments(ctx context.Context, conv conversation.Conversation, key, msgID string, seq int, files []File, now time.Time) error {
	rec := AttachmentRecord{Conversation: conv.ID, MessageID: msgID, Seq: seq, Files: files, At: now}
	if err := s.putJSON(ctx, CollAttachments, conv.Shop+"|"+conv.ID+"|"+key, rec, now.Add(refTTL)); err != nil {
		return fmt.Errorf("record attachments: %w", err)
	}
	return nil
}
