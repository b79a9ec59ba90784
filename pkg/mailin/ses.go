package mailin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// SESAuthServID is the authserv-id of the Authentication-Results header
// SES's inbound servers put on top of every message they receive.
const SESAuthServID = "amazonses.com"

// RawMail reads the raw messages an SES receipt rule's S3 action stored.
type RawMail interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

// SESHandler handles the SES receipt rule's Lambda action: for each record
// it reads the raw message from <Prefix><messageId> and receives it with
// SES's verdicts.
type SESHandler struct {
	Service *Service
	Raw     RawMail
	// Prefix is the S3 action's object key prefix ("inbound/").
	Prefix string
	// NotFound tells a missing object from other errors (the blob
	// adapter's ErrNotFound).
	NotFound error
	Log      *slog.Logger
}

// Handle receives every message in the event. It returns an error (so
// Lambda retries the event) only for failures a retry can fix; messages
// already handled are not answered twice.
func (h *SESHandler) Handle(ctx context.Context, ev events.SimpleEmailEvent) error {
	var errs []error
	for _, rec := range ev.Records {
		id := rec.SES.Mail.MessageID
		if id == "" || strings.ContainsAny(id, "/\\") || strings.Contains(id, "..") {
			h.Log.WarnContext(ctx, "ses record without a usable message id")
			continue
		}
		raw, err := h.Raw.Get(ctx, h.Prefix+id)
		if h.NotFound != nil && errors.Is(err, h.NotFound) {
			// Nothing a retry would find: the rule's S3 action runs first.
			h.Log.ErrorContext(ctx, "raw message missing", "ses_message_id", id, "key", h.Prefix+id)
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("read message %s: %w", id, err))
			continue
		}
		r := rec.SES.Receipt
		// SES's SPF verdict is for the envelope sender (mail.source) and
		// its DKIM verdict for any signature: Process finds the domains the
		// DKIM and DMARC verdicts are for in SES's own header.
		in := Inbound{ID: id, Raw: raw, Verdicts: Verdicts{SPF: r.SPFVerdict.Status, DKIM: r.DKIMVerdict.Status,
			DMARC: r.DMARCVerdict.Status, Spam: r.SpamVerdict.Status, Virus: r.VirusVerdict.Status, MailFrom: rec.SES.Mail.Source,
			Receiver: SESAuthServID}}
		if err := h.Service.Receive(ctx, in); err != nil {
			errs = append(errs, fmt.Errorf("receive message %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}
