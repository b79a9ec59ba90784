package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// PhotoReader reads a photo's bytes from the blob store (package s3blob
// in AWS, fileblob locally).
type PhotoReader interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

// PhotoView is a customer's photo as the console lists it; URL is the
// console API route that serves it to a signed-in person.
type PhotoView struct {
	ID          string               `json:"id"`
	Name        string               `json:"name"`
	ContentType string               `json:"content_type"`
	Size        int                  `json:"size"`
	Channel     conversation.Channel `json:"channel"`
	Seq         int                  `json:"seq"`
	At          time.Time            `json:"at"`
	URL         string               `json:"url"`
}

// HandoffView is a handoff or approval with the photos of its
// conversation: what the customer sent, for the person who decides.
type HandoffView struct {
	Handoff
	Photos []PhotoView `json:"photos"`
	// AmountText is the action's amount and ProposalMoney its proposal's,
	// formatted by pkg/money (money.go).
	AmountText    string         `json:"amount_text,omitempty"`
	ProposalMoney *ProposalMoney `json:"proposal_money,omitempty"`
}

func photoViews(c conversation.Conversation) []PhotoView {
	out := make([]PhotoView, 0, len(c.Photos))
	for _, p := range c.Photos {
		out = append(out, PhotoView{ID: p.ID, Name: p.Name, ContentType: p.ContentType, Size: p.Size, Channel: p.Channel, Seq: p.Seq, At: p.At,
			URL: "/console/api/conversations/" + url.PathEscape(c.ID) + "/photos/" + url.PathEscape(p.ID)})
	}
	return out
}

// withPhotos adds to each handoff its amounts formatted (money.go) and the
// photos of its conversation (one read a conversation).
func (c *Console) withPhotos(ctx context.Context, hs []Handoff) ([]HandoffView, error) {
	seen := map[string][]PhotoView{}
	out := make([]HandoffView, 0, len(hs))
	shop := c.shopCurrency(ctx)
	for _, h := range hs {
		v := HandoffView{Handoff: h, Photos: []PhotoView{}}
		v.handoffMoney(shop)
		if id := h.ConversationID; id != "" {
			ps, ok := seen[id]
			if !ok {
				cv, _, err := c.Store.GetConversation(ctx, c.Shop, id)
				switch {
				case errors.Is(err, store.ErrNotFound):
				case err != nil:
					return nil, fmt.Errorf("photos of conversation %s: %w", id, err)
				default:
					ps = photoViews(cv)
				}
				seen[id] = ps
			}
			if ps != nil {
				v.Photos = ps
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// photo is GET /console/api/conversations/{id}/photos/{photo}: a photo
// the customer sent, to a signed-in person (the page fetches it with its
// credentials and shows it; S3 stays private).
func (c *Console) photo(w http.ResponseWriter, r *http.Request) {
	if c.Photos == nil {
		c.fail(w, r, ErrUnavailable)
		return
	}
	cv, _, err := c.Store.GetConversation(r.Context(), c.Shop, r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		c.fail(w, r, errNoConversation)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p, ok := cv.FindPhoto(r.PathValue("photo"))
	if !ok {
		c.fail(w, r, ErrNotFound)
		return
	}
	data, err := c.Photos.Get(r.Context(), p.Key)
	if err != nil {
		c.fail(w, r, fmt.Errorf("read photo %s: %w", p.ID, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Disposition", "inline")
	h.Set("Cache-Control", "private, max-age=300") // the api wrapper's no-store is for JSON
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}
