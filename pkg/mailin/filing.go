package mailin

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/email"
)

// Headers a capability puts on a mail it sends so that the customer's
// reply finds its way back: Filing files the Message-ID the mail got under
// them, and takes them off before the mail goes.
const (
	// HeaderConversation names the conversation the mail belongs to (a
	// person's reply mailed from the console, say): a reply to it
	// continues that conversation, whatever its channel.
	HeaderConversation = "X-Doorstep-Conversation"
	// HeaderOrder names the order the mail is about ("#1003"), for a mail
	// outside any conversation (a delivery notice): a reply to it opens a
	// conversation about that order, once the reply is authenticated for
	// the order's address.
	HeaderOrder = "X-Doorstep-Order"
)

// DocPutter is what Filing writes to.
type DocPutter interface {
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// Filing is an email.Sender that files the Message-ID each mail gets
// (SES replaces any we set: the one Send returns is the one replies name)
// under the conversation or order its HeaderConversation or HeaderOrder
// names, in CollMessageIDs, where Process looks a reply's In-Reply-To and
// References up. Every mail that should thread goes through it; mail
// without those headers is sent as it is.
type Filing struct {
	Next  email.Sender
	Store DocPutter
	// Shop is the shop this deployment serves.
	Shop  string
	Clock clock.Clock
	Log   *slog.Logger
}

var _ email.Sender = Filing{}

// Send sends m without the filing headers and files its Message-ID. A
// failure to file is logged, not returned: the mail went, and a retry
// would send it twice; the reply then threads by its sender.
func (f Filing) Send(ctx context.Context, m email.Outgoing) (string, error) {
	var ref msgRef
	if len(m.Headers) > 0 {
		h := make(map[string]string, len(m.Headers))
		for k, v := range m.Headers {
			switch {
			case strings.EqualFold(k, HeaderConversation):
				ref.Conversation = strings.TrimSpace(v)
			case strings.EqualFold(k, HeaderOrder):
				ref.Order = strings.TrimSpace(v)
			default:
				h[k] = v
			}
		}
		m.Headers = h
	}
	id, err := f.Next.Send(ctx, m)
	if err != nil || (ref.Conversation == "" && ref.Order == "") || id == "" {
		return id, err
	}
	ref.Shop = f.Shop
	if err := FileMessageID(ctx, f.Store, id, ref.Shop, ref.Conversation, ref.Order, f.Clock.Now()); err != nil {
		log := f.Log
		if log == nil {
			log = slog.Default()
		}
		log.ErrorContext(ctx, "file sent message id", "shop", f.Shop, "conversation", ref.Conversation, "err", err)
	}
	return id, nil
}

// FileMessageID files a Message-ID doorstep sent under a conversation
// and/or an order (name), for the replies to it.
func FileMessageID(ctx context.Context, st DocPutter, messageID, shop, conversationID, orderName string, now time.Time) error {
	k := ThreadKey(messageID)
	if k == "" {
		return nil
	}
	b, err := json.Marshal(msgRef{Shop: shop, Conversation: conversationID, Order: orderName})
	if err != nil {
		return err
	}
	if err := st.PutDoc(ctx, CollMessageIDs, k, b, now.Add(refTTL)); err != nil {
		return fmt.Errorf("file message id: %w", err)
	}
	return nil
}
