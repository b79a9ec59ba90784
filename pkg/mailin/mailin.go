// Package mailin is the email channel's inbound side: a customer's mail
// (raw MIME with the receiving server's verdicts) becomes a turn of the
// support agent on the conversation the mail belongs to, and the answer
// goes back as a threaded reply.
//
// What it guarantees:
//   - threading: a reply continues its conversation by In-Reply-To and
//     References (Message-IDs doorstep sent or received), else the sender's
//     conversation of the last ThreadWindow, else a new conversation;
//   - identity by code: the sender is the From header's one structured
//     address (never display text); mail from an order's address that is
//     authenticated for that address's domain (DMARC passing, or SPF or
//     DKIM passing for an aligned domain, and DMARC not failing) verifies
//     the conversation for that customer; order details never go to an
//     address that is not the verified customer's; mail without a single
//     sender address is recorded and not answered;
//   - no loops and no storms: spam and viruses are dropped, auto-replies,
//     bounces, bulk mail and our own mail are not answered, each message
//     gets at most one reply however often it is delivered, and one address
//     gets at most MaxRepliesPerHour replies an hour;
//   - nothing lost: every message is recorded (collection "mail_log") and a
//     message that is not answered is still saved to its conversation when
//     it has one.
package mailin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/lockout"
	"github.com/doorstep-ai/doorstep/pkg/mailparse"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/outreach"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/store"
	"github.com/doorstep-ai/doorstep/pkg/toolname"
	"github.com/doorstep-ai/doorstep/pkg/turn"
	"golang.org/x/net/publicsuffix"
)

// Store is what the email channel reads and writes.
type Store interface {
	CreateConversation(ctx context.Context, c conversation.Conversation) error
	GetConversation(ctx context.Context, shop, id string) (conversation.Conversation, []conversation.Message, error)
	CommitTurn(ctx context.Context, t store.Turn) error
	Apply(ctx context.Context, c store.Change) (store.Result, error)
	OrdersByEmail(ctx context.Context, shop, email string, limit int) ([]order.Order, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	CreateDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
}

// Blobs keeps the photos customers attach: package s3blob in AWS,
// package fileblob locally.
type Blobs = photo.Blobs

// Document collections.
const (
	// CollMessageIDs maps a Message-ID doorstep sent or received to its
	// conversation (id: the Message-ID's thread key).
	CollMessageIDs = "mail_msgid"
	// CollSenders maps shop|address to the sender's latest conversation.
	CollSenders = "mail_sender"
	// CollLog records every inbound message and what became of it (id:
	// RFC 3339 time|message key; the entry names its shop, for
	// shop/redact).
	CollLog = "mail_log"
	// CollAttachments held the files kept from a conversation's messages
	// before photos were recorded on the conversation
	// (conversation.Photos); only erasure still reads it.
	CollAttachments = "attachments"
	// CollReplies counts the replies an address got in an hour
	// (MaxRepliesPerHour): one document a reply, id
	// shop|address|hour|n, kept 2 hours, so customers/redact erases them
	// with the address (Erase) and shop/redact by the shop in their ids.
	CollReplies = "mail_replies"
)

// Verdicts are the receiving server's checks: PASS, FAIL, GRAY or
// PROCESSING_FAILED (SES's values); empty counts as not done. A PASS
// verifies a sender only for the domain it is for (see Authenticated).
type Verdicts struct {
	SPF, DKIM, DMARC, Spam, Virus string
	// MailFrom is the envelope sender SPF checked (SES: mail.source), an
	// address or a domain; empty when unknown.
	MailFrom string
	// DKIMDomains are the signing domains (d=) of the DKIM signatures
	// that passed.
	DKIMDomains []string
	// DMARCDomain is the From domain the DMARC verdict is for; empty
	// means the From of the message as the receiving server read it
	// (SES's receipt verdict).
	DMARCDomain string
	// Receiver, when set, is the authserv-id of the receiving server's
	// own Authentication-Results header ("amazonses.com"): Process reads
	// DKIMDomains and DMARCDomain from the message's topmost header when
	// that server wrote it (see FromReceiver).
	Receiver string
}

// Inbound is one received message.
type Inbound struct {
	// ID is the receiving system's id for the message (SES's messageId);
	// empty means one derived from the content. It names the message's
	// records and attachments.
	ID       string
	Raw      []byte
	Verdicts Verdicts
}

// Outcome is what became of an inbound message.
type Outcome string

// Outcomes.
const (
	OutcomeReplied   Outcome = "replied"   // answered
	OutcomeSaved     Outcome = "saved"     // saved to its conversation, not answered (see Reason)
	OutcomeDuplicate Outcome = "duplicate" // delivered before; nothing more to do
	OutcomeDropped   Outcome = "dropped"   // spam or virus
	OutcomeIgnored   Outcome = "ignored"   // automated, our own, unreadable or empty
)

// Result says what Process did.
type Result struct {
	Outcome      Outcome `json:"outcome"`
	Reason       string  `json:"reason,omitempty"`
	Conversation string  `json:"conversation_id,omitempty"`
	Verified     bool    `json:"verified"`
	// MessageID is the reply's Message-ID, when one was sent.
	MessageID string `json:"message_id,omitempty"`

	// aboutNotice is set when the message answered a notice about an
	// order of the conversation's verified customer.
	aboutNotice bool
	// waiting is set when the reply tells the customer a person has their
	// case, or leaves the matter open (conversation.Unsettled: a proposal
	// or approval pending, a promise not yet due; or the reply asks the
	// customer something, asksCustomer): it asks for no rating.
	waiting bool
	// stated is the id of the proposal the reply states, filed with the
	// reply's Message-ID (msgRef.Proposal).
	stated string
}

// Outreach is what mailin needs of package outreach.
type Outreach interface {
	Match(ctx context.Context, m outreach.Message) (outreach.Match, error)
}

// GenericReply goes instead of the agent's answer when the conversation is
// verified for a customer whose address is not the one replies go to.
const GenericReply = "Thank you for your message. To keep your order details safe, we only share them by email with the address the order was placed with. Please write to us from that address, and we'll be glad to help."

// Defaults.
const (
	DefaultMaxRepliesPerHour = 5
	DefaultThreadWindow      = 7 * 24 * time.Hour
	DefaultMaxAttachment     = 10 << 20
	// MaxText bounds the customer text given to the agent.
	MaxText = 8000
	// MaxPhotosPerMessage bounds the photos kept from one message.
	MaxPhotosPerMessage = 10
)

// Service receives mail for one shop.
type Service struct {
	Store  Store
	Agent  *agent.Agent
	Sender email.Sender
	// Blobs keeps image attachments, as photos of the conversation
	// (under photos/email/, package photo); nil keeps none.
	Blobs Blobs
	// From is the support address replies come from; mail from it is
	// never answered.
	From  mail.Address
	Shop  string
	Clock clock.Clock
	Log   *slog.Logger
	// MaxRepliesPerHour is how many replies one address gets an hour
	// (default 5).
	MaxRepliesPerHour int
	// ThreadWindow is how recent a sender's conversation must be for a
	// new, unthreaded mail to continue it (default 7 days).
	ThreadWindow time.Duration
	// MaxAttachment is the largest attachment kept, in bytes (default
	// 10 MB).
	MaxAttachment int
	// CSATLinks, when set, gives the one-click rating links (absolute URLs,
	// by score 1 to 5) put under each reply.
	CSATLinks func(shop, convID string) map[int]string
	// Outreach, when set, takes an authenticated customer's answer to a
	// check-in, a delivery rating or a "stop" in place of the agent.
	Outreach Outreach
	// Turns is the turn loop; nil makes one on Store and Clock.
	Turns *turn.Loop
	// Cases, when set, gives a customer's answer to a delivery notice
	// to the person who owns the order's delivery case (an open delivery
	// handoff, escalation.Service) instead of the agent: the conversation
	// joins the handoff, and the customer is told what happens next.
	Cases Cases

	once sync.Once
}

// Cases finds the open handoff of a problem case and gives it a
// conversation (escalation.Service).
type Cases = escalation.Cases

// Receive processes one message; an error means it should be retried
// (everything it writes is idempotent).
func (s *Service) Receive(ctx context.Context, in Inbound) error {
	_, err := s.Process(ctx, in)
	return err
}

// Process is Receive, returning what it did.
func (s *Service) Process(ctx context.Context, in Inbound) (Result, error) {
	key := messageKey(in)
	now := s.Clock.Now()
	msg, err := mailparse.Parse(in.Raw)
	if errors.Is(err, mailparse.ErrNoSender) {
		// No From, two mailboxes, or one that does not parse: nobody to
		// verify and nobody to answer (any address we picked could be a
		// stranger's). The mail log keeps the record.
		return s.record(ctx, key, mailparse.Incoming{}, Result{Outcome: OutcomeIgnored, Reason: "no single sender address"}), nil
	}
	if err != nil {
		return s.record(ctx, key, mailparse.Incoming{}, Result{Outcome: OutcomeIgnored, Reason: "unreadable"}), nil
	}
	if r, stop := s.screen(msg, in.Verdicts); stop {
		return s.record(ctx, key, msg, r), nil
	}
	from := msg.From.Address
	msgID := msg.MessageID
	if msgID == "" {
		msgID = "<" + key + "@inbound.doorstep.invalid>"
	}
	verdicts := in.Verdicts
	if verdicts.Receiver != "" {
		verdicts = FromReceiver(verdicts, msg)
	}
	auth := Authenticated(verdicts, from)

	var (
		files []Extracted
		notes []string
	)
	if s.Blobs != nil {
		files, notes = ExtractPhotos(msg, s.maxAttachment())
	}
	if strings.TrimSpace(msg.NewText) == "" && len(files) == 0 && len(notes) == 0 {
		return s.record(ctx, key, msg, Result{Outcome: OutcomeIgnored, Reason: "empty"}), nil
	}
	th, err := s.thread(ctx, msg, msgID, auth, now)
	if err != nil {
		return Result{}, err
	}
	// The bytes first: a turn never names a photo that is not kept.
	kept, err := s.keepPhotos(ctx, th.conv, files)
	if err != nil {
		return Result{}, err
	}
	text := customerText(msg, th.isNew, kept)

	cited, err := s.citedProposal(ctx, msg, th.conv.ID)
	if err != nil {
		return Result{}, err
	}
	res, reply, seq, err := s.turn(ctx, th.conv, th.order, msgID, from, text, kept, notes, auth, cited, now)
	if err != nil {
		return Result{}, err
	}
	if res.aboutNotice {
		// The notice now has its customer's conversation: their next
		// reply to it (or to a later notice threaded under it) continues
		// this one.
		if err := s.fileNotices(ctx, th.replyTo, res.Conversation, now); err != nil {
			return Result{}, err
		}
	}
	if res.Outcome != OutcomeReplied {
		return s.record(ctx, key, msg, res), nil
	}
	id, sent, err := s.send(ctx, res.Conversation, seq+1, res.stated, msg, reply, !res.waiting, now)
	if err != nil {
		return Result{}, err
	}
	if !sent {
		res.Outcome, res.Reason = OutcomeDuplicate, "reply sent before"
		return s.record(ctx, key, msg, res), nil
	}
	res.MessageID = id
	return s.record(ctx, key, msg, res), nil
}

// screen says whether a message is not answered at all, and why.
func (s *Service) screen(msg mailparse.Incoming, v Verdicts) (Result, bool) {
	spam, virus := strings.ToUpper(v.Spam), strings.ToUpper(v.Virus)
	switch {
	case virus == "FAIL":
		return Result{Outcome: OutcomeDropped, Reason: "virus"}, true
	case spam == "FAIL":
		return Result{Outcome: OutcomeDropped, Reason: "spam"}, true
	case msg.Automated != "":
		return Result{Outcome: OutcomeIgnored, Reason: "automated: " + msg.Automated}, true
	case strings.EqualFold(msg.From.Address, s.From.Address):
		return Result{Outcome: OutcomeIgnored, Reason: "our own address"}, true
	}
	return Result{}, false
}

// Authenticated reports whether mail from address is authenticated for
// that address's domain: DMARC did not fail, and DMARC passed for it, or
// SPF passed for an envelope sender aligned with it, or a DKIM signature
// whose d= is aligned with it passed. A pass for any other domain counts
// for nothing: a stranger's own domain passing proves nothing about a
// customer's address.
func Authenticated(v Verdicts, from string) bool {
	fromDomain := domainOf(from)
	if fromDomain == "" || strings.EqualFold(v.DMARC, "FAIL") {
		return false
	}
	if strings.EqualFold(v.DMARC, "PASS") && (v.DMARCDomain == "" || strings.EqualFold(v.DMARCDomain, fromDomain)) {
		return true
	}
	if strings.EqualFold(v.SPF, "PASS") && Aligned(domainOf(v.MailFrom), fromDomain) {
		return true
	}
	if strings.EqualFold(v.DKIM, "PASS") {
		for _, d := range v.DKIMDomains {
			if Aligned(strings.ToLower(d), fromDomain) {
				return true
			}
		}
	}
	return false
}

// domainOf is the domain of an address, or the domain itself, lower case.
func domainOf(addr string) string {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		addr = addr[i+1:]
	}
	return strings.TrimSuffix(addr, ".")
}

// Aligned reports whether two domains are aligned in DMARC's relaxed mode
// (RFC 7489 3.1): the same domain, or the same organisational domain (the
// public suffix and one label more, by the Public Suffix List), so
// bounce.example.com and mail.example.com align with example.com, while
// example.com and example.co.uk, or a.github.io and b.github.io, do not.
// A domain that is itself a public suffix aligns only with itself.
func Aligned(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	oa, err := publicsuffix.EffectiveTLDPlusOne(a)
	if err != nil {
		return false
	}
	ob, err := publicsuffix.EffectiveTLDPlusOne(b)
	return err == nil && oa == ob
}

// FromReceiver completes SES's receipt verdicts with the domains they are
// for, from the receiving server's own Authentication-Results header: the
// message's topmost one, when its authserv-id is v.Receiver (SES puts its
// header above everything the sender wrote). A DKIM pass counts for a
// domain only when the message carries a DKIM-Signature with that d= (or
// a parent of it, as i= may be a subdomain of d=) and the header reports
// no other result for it; the DMARC verdict is pinned to the header's
// header.from, and made GRAY when its results name different domains.
// Without such a header, no DKIM domain is known: only DMARC and SPF (by
// the envelope sender in the receipt) can verify.
func FromReceiver(v Verdicts, msg mailparse.Incoming) Verdicts {
	v.DKIMDomains = nil
	a := msg.Auth
	if !a.Present || a.ServID != strings.ToLower(v.Receiver) {
		return v
	}
	other := map[string]bool{}
	for _, r := range a.Results {
		if r.Method == "dkim" && r.Verdict != "PASS" && r.Domain != "" {
			other[r.Domain] = true
		}
	}
	seen := map[string]bool{}
	dmarc := map[string]bool{}
	for _, r := range a.Results {
		switch {
		case r.Method == "dkim" && r.Verdict == "PASS" && r.Domain != "" && !other[r.Domain]:
			for _, d := range msg.DKIMSigners {
				if (r.Domain == d || strings.HasSuffix(r.Domain, "."+d)) && !seen[d] {
					seen[d] = true
					v.DKIMDomains = append(v.DKIMDomains, d)
				}
			}
		case r.Method == "dmarc" && r.Domain != "":
			dmarc[r.Domain] = true
		}
	}
	for d := range dmarc {
		v.DMARCDomain = d
	}
	if len(dmarc) > 1 && !strings.EqualFold(v.DMARC, "FAIL") {
		v.DMARC, v.DMARCDomain = "GRAY", ""
	}
	return v
}

// messageKey names an inbound message in records, claims and blob keys.
func messageKey(in Inbound) string {
	id := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return -1
	}, in.ID)
	if id != "" && len(id) <= 100 {
		return id
	}
	sum := sha256.Sum256(in.Raw)
	return "sha-" + hex.EncodeToString(sum[:12])
}

// ThreadKey is the key a Message-ID is filed under. SES's ids are filed by
// their unique part alone, so a reply matches whichever regional domain
// SES put after the @.
func ThreadKey(id string) string {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	if local, domain, ok := strings.Cut(id, "@"); ok && (domain == "amazonses.com" || strings.HasSuffix(domain, ".amazonses.com")) {
		id = local + "@amazonses"
	}
	if len(id) > 400 || !utf8.ValidString(id) {
		sum := sha256.Sum256([]byte(id))
		id = "sha-" + hex.EncodeToString(sum[:])
	}
	return id
}

// msgRef is what a Message-ID is filed under: the conversation it belongs
// to, and the order (name) of a notice sent outside any conversation.
type msgRef struct {
	Shop         string `json:"shop"`
	Conversation string `json:"conversation_id,omitempty"`
	Order        string `json:"order,omitempty"`
	// Proposal is the id of the proposal a reply of ours stated: a yes
	// sent in reply to it answers that proposal, no other.
	Proposal string `json:"proposal,omitempty"`
}

// citedProposal is the proposal stated in the mail of ours that msg
// replies to (its In-Reply-To), when that mail is conversation convID's;
// "" when none is known (a mail filed before proposals were, a notice).
func (s *Service) citedProposal(ctx context.Context, msg mailparse.Incoming, convID string) (string, error) {
	k := ThreadKey(msg.InReplyTo)
	if k == "" || convID == "" {
		return "", nil
	}
	var ref msgRef
	ok, err := s.getJSON(ctx, CollMessageIDs, k, &ref)
	if err != nil {
		return "", fmt.Errorf("proposal of the mail replied to: %w", err)
	}
	if !ok || ref.Shop != s.Shop || ref.Conversation != convID {
		return "", nil
	}
	return ref.Proposal, nil
}

// staleYes reports whether text, a yes to the proposal pending in c,
// replies to one of our mails that stated another proposal (cited): one
// the pending proposal replaced. Such a yes is not consent to what the
// customer did not answer; the pending proposal is set out again.
func staleYes(c conversation.Conversation, cited, text string, seq int, now time.Time) bool {
	return cited != "" && turn.AnswersProposal(c, seq, now) && c.Pending.ID != cited && agent.AffirmativeTo(text, c.Pending.Tool)
}

// restated is the reply to a stale yes: the pending proposal, word for
// word, asked again.
func restated(p conversation.Proposal) string {
	return "The mail you answered set out an earlier offer, which has since changed, so I haven't done anything yet. " +
		"What I can do now: " + p.Statement + " Shall I go ahead? Just reply yes."
}

type senderRef struct {
	Conversation string    `json:"conversation_id"`
	At           time.Time `json:"at"`
}

const refTTL = 400 * 24 * time.Hour

func (s *Service) putJSON(ctx context.Context, coll, id string, v any, expires time.Time) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.Store.PutDoc(ctx, coll, id, b, expires)
}

func (s *Service) getJSON(ctx context.Context, coll, id string, v any) (bool, error) {
	b, err := s.Store.GetDoc(ctx, coll, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return json.Unmarshal(b, v) == nil, nil
}

// threaded is the conversation a message belongs to.
type threaded struct {
	conv  conversation.Conversation
	isNew bool
	// order is the order (name) of the notice the message replies to,
	// when it replies to one; replyTo the ids it replies to.
	order   string
	replyTo []string
}

// thread finds or starts the conversation msg belongs to, and files the
// message's id under it.
func (s *Service) thread(ctx context.Context, msg mailparse.Incoming, msgID string, auth bool, now time.Time) (threaded, error) {
	from := msg.From.Address
	// May this message continue conversation c? It must be open, a
	// verified conversation needs an authenticated message, and it must
	// be the same contact's email conversation; or, for a reply to a mail
	// we sent in it (byID), a conversation on another channel verified for
	// this address: the chat whose person's reply was mailed to the
	// customer, say.
	fits := func(c conversation.Conversation, byID bool) bool {
		if c.Status == conversation.StatusClosed || !(auth || !c.Verified()) {
			return false
		}
		if c.Channel == conversation.ChannelEmail {
			return c.Contact == from
		}
		return byID && c.Verified() && c.CustomerEmail == order.NormaliseEmail(from)
	}
	replyTo := threadIDs(msg)
	conv, found, noticeOrder, err := s.byMessageIDs(ctx, append([]string{msgID}, replyTo...), fits)
	if err != nil {
		return threaded{}, err
	}
	var last senderRef
	hasLast, err := s.getJSON(ctx, CollSenders, s.Shop+"|"+from, &last)
	if err != nil {
		return threaded{}, fmt.Errorf("sender conversation: %w", err)
	}
	hasLast = hasLast && now.Sub(last.At) <= s.threadWindow()
	if !found && hasLast {
		c, _, err := s.Store.GetConversation(ctx, s.Shop, last.Conversation)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return threaded{}, fmt.Errorf("sender conversation: %w", err)
		}
		if err == nil && fits(c, false) {
			conv, found = c, true
		}
	}
	isNew := false
	if !found {
		// The id comes from the message, so a redelivery finds the
		// conversation its first delivery created.
		sum := sha256.Sum256([]byte(s.Shop + "|" + msgID))
		c := conversation.Conversation{Shop: s.Shop, ID: "em" + hex.EncodeToString(sum[:12]), Channel: conversation.ChannelEmail,
			Status: conversation.StatusOpen, Contact: from, Subject: baseSubject(msg.Subject), CreatedAt: now, UpdatedAt: now}
		err := s.Store.CreateConversation(ctx, c)
		switch {
		case err == nil:
			conv, isNew = c, true
		case errors.Is(err, store.ErrConflict):
			if conv, _, err = s.Store.GetConversation(ctx, s.Shop, c.ID); err != nil {
				return threaded{}, fmt.Errorf("load conversation %s: %w", c.ID, err)
			}
			isNew = conv.Messages == 0
		default:
			return threaded{}, fmt.Errorf("create conversation: %w", err)
		}
	}
	if err := s.putJSON(ctx, CollMessageIDs, ThreadKey(msgID), msgRef{Shop: s.Shop, Conversation: conv.ID}, now.Add(refTTL)); err != nil {
		return threaded{}, fmt.Errorf("file message id: %w", err)
	}
	// An unauthenticated message (perhaps forged) does not take the
	// sender's place from the conversation their real mail goes on; a
	// chat continued by mail is no place for their next new mail.
	if conv.Channel == conversation.ChannelEmail && (auth || !hasLast || last.Conversation == conv.ID) {
		if err := s.putJSON(ctx, CollSenders, s.Shop+"|"+from, senderRef{Conversation: conv.ID, At: now}, now.Add(s.threadWindow()+24*time.Hour)); err != nil {
			return threaded{}, fmt.Errorf("file sender: %w", err)
		}
	}
	return threaded{conv: conv, isNew: isNew, order: noticeOrder, replyTo: replyTo}, nil
}

// fileNotices files the notices among ids (filed with an order and no
// conversation) under conversation convID, keeping their order.
func (s *Service) fileNotices(ctx context.Context, ids []string, convID string, now time.Time) error {
	for _, id := range ids {
		var ref msgRef
		ok, err := s.getJSON(ctx, CollMessageIDs, ThreadKey(id), &ref)
		if err != nil {
			return fmt.Errorf("notice message id: %w", err)
		}
		if !ok || ref.Shop != s.Shop || ref.Order == "" || ref.Conversation != "" {
			continue
		}
		if err := FileMessageID(ctx, s.Store, id, s.Shop, convID, ref.Order, now); err != nil {
			return err
		}
	}
	return nil
}

// threadIDs are the ids a message replies to, nearest first.
func threadIDs(msg mailparse.Incoming) []string {
	var ids []string
	if msg.InReplyTo != "" {
		ids = append(ids, msg.InReplyTo)
	}
	for i := len(msg.References) - 1; i >= 0 && len(ids) < 20; i-- {
		ids = append(ids, msg.References[i])
	}
	return ids
}

// byMessageIDs finds the conversation of the nearest id filed under one
// that fits, and the order of the nearest notice among them (a mail filed
// with an order), whether or not a conversation was found.
func (s *Service) byMessageIDs(ctx context.Context, ids []string, fits func(conversation.Conversation, bool) bool) (conversation.Conversation, bool, string, error) {
	seen := map[string]bool{}
	notice := ""
	for _, id := range ids {
		k := ThreadKey(id)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		var ref msgRef
		ok, err := s.getJSON(ctx, CollMessageIDs, k, &ref)
		if err != nil {
			return conversation.Conversation{}, false, "", fmt.Errorf("thread by message id: %w", err)
		}
		if !ok || ref.Shop != s.Shop {
			continue
		}
		if notice == "" {
			notice = ref.Order
		}
		if ref.Conversation == "" {
			continue
		}
		c, _, err := s.Store.GetConversation(ctx, s.Shop, ref.Conversation)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return conversation.Conversation{}, false, "", fmt.Errorf("thread by message id: %w", err)
		}
		if fits(c, true) {
			return c, true, notice, nil
		}
	}
	return conversation.Conversation{}, false, notice, nil
}

var rePrefix = regexp.MustCompile(`(?i)^\s*((re|aw|sv|vs|antw|fw|fwd|wg|tr)\s*(\[\d+\])?\s*:\s*)+`)

// baseSubject is a subject without its Re:/Fwd: prefixes.
func baseSubject(subj string) string {
	return strings.TrimSpace(rePrefix.ReplaceAllString(subj, ""))
}

// ReplySubject is the subject of a reply: "Re: " and the subject, once.
func ReplySubject(subj string) string {
	base := baseSubject(subj)
	if base == "" {
		return "Re: Your message"
	}
	return "Re: " + base
}

// customerText is what the agent reads: the new text, with the subject
// when it opens a conversation and says something the text does not, and
// a note of the photos kept (conversation.PhotoNote).
func customerText(msg mailparse.Incoming, isNew bool, kept []conversation.Photo) string {
	text := msg.NewText
	subj := baseSubject(msg.Subject)
	if isNew && subj != "" && !strings.Contains(strings.ToLower(text), strings.ToLower(subj)) {
		text = strings.TrimSpace(subj + "\n\n" + text)
	}
	if len(text) > MaxText {
		text = text[:MaxText]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
		text += "\n[message shortened]"
	}
	if len(kept) > 0 {
		text = strings.TrimSpace(text + "\n\n" + conversation.PhotoNote(kept))
	}
	return text
}

func (s *Service) threadWindow() time.Duration {
	if s.ThreadWindow > 0 {
		return s.ThreadWindow
	}
	return DefaultThreadWindow
}

func (s *Service) maxReplies() int {
	if s.MaxRepliesPerHour > 0 {
		return s.MaxRepliesPerHour
	}
	return DefaultMaxRepliesPerHour
}

// turn runs the agent on the customer's message and saves both, in the
// turn loop every channel uses (package turn): a save that loses a race
// reloads and runs again. A message saved before (a redelivery) is not run
// twice: its saved reply is returned, for send to finish what an earlier
// attempt started. It returns the reply to send ("" for none) and the
// customer message's Seq. What other capabilities do about the turn (an
// outreach answer, a handoff, metrics) follows from its events. The
// photos are recorded on the conversation with the customer's message.
func (s *Service) turn(ctx context.Context, conv conversation.Conversation, notice, msgID, from, text string, photos []conversation.Photo, notes []string, auth bool, cited string, now time.Time) (Result, string, int, error) {
	limited, counted := false, false
	var (
		res   Result
		reply string
		seq   int
	)
	saved, err := s.loop().Run(ctx, conv.Shop, conv.ID, func(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) (turn.Draft, error) {
		res, reply = Result{Conversation: c.ID, Verified: c.Verified()}, ""
		if i := savedMessage(msgs, msgID); i >= 0 {
			seq = msgs[i].Seq
			if i+1 < len(msgs) && msgs[i+1].Role == conversation.RoleAgent {
				res.Outcome, reply = OutcomeReplied, msgs[i+1].Text
				if c.Pending != nil && c.Pending.StatedAt == seq+1 {
					res.stated = c.Pending.ID
				}
				return turn.Draft{Skip: true}, nil
			}
			res.Outcome, res.Reason = OutcomeDuplicate, "saved before"
			return turn.Draft{Skip: true}, nil
		}
		if !c.Verified() && auth {
			if err := s.identify(ctx, c, from); err != nil {
				return turn.Draft{}, err
			}
		}
		var orderIDs []string // the order of the notice the customer answered
		if notice != "" && auth {
			var err error
			var orderID string
			if res.aboutNotice, orderID, err = s.aboutNotice(ctx, c, notice); err != nil {
				return turn.Draft{}, err
			}
			if res.aboutNotice {
				orderIDs = append(orderIDs, orderID)
			}
		}
		// A verified customer's mail about an order whose case a person
		// owns (the answer to its notice, or any mail naming it) goes to
		// that person, before anyone from the team has written.
		var cases escalation.Cases
		if s.Cases != nil && auth && (res.aboutNotice || c.CustomerEmail == replyTo(*c, from)) {
			cases = s.Cases
		}
		var contexts escalation.Contexts
		if s.Agent != nil {
			contexts = s.Agent
		}
		owned, err := escalation.OwnedCase(ctx, cases, contexts, c, text, orderIDs...)
		if err != nil {
			return turn.Draft{}, err
		}
		if !counted && c.Status != conversation.StatusHandover {
			var err error
			if limited, err = s.overLimit(ctx, from, now); err != nil {
				return turn.Draft{}, err
			}
			counted = true
		}
		seq = c.Messages
		var ids []string
		for _, p := range photos {
			p.Seq = seq
			c.AddPhotos(p) // none past conversation.MaxPhotos
			if _, ok := c.FindPhoto(p.ID); ok {
				ids = append(ids, p.ID)
			}
		}
		d := turn.Draft{Messages: []conversation.Message{{Seq: seq, Role: conversation.RoleCustomer, Text: text, At: now, MessageID: msgID, Photos: ids}}}
		stale := !limited && c.Status == conversation.StatusOpen && staleYes(*c, cited, text, seq, now)
		var match outreach.Match
		if s.Outreach != nil && !stale && !limited && auth && c.Verified() && c.CustomerEmail == c.Contact && c.Status == conversation.StatusOpen && !turn.AnswersProposal(*c, seq, now) {
			// A yes or no to the stated proposal is the agent's (see turn.AnswersProposal).
			var err error
			if match, err = s.Outreach.Match(ctx, outreach.Message{Shop: c.Shop, Email: c.CustomerEmail, ConversationID: c.ID, Text: text}); err != nil {
				return turn.Draft{}, fmt.Errorf("outreach match: %w", err)
			}
		}
		switch {
		case owned != "":
			reply, res.waiting = owned, true
			d.Messages = append(d.Messages, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: reply, At: s.Clock.Now(),
				Actions: []conversation.Action{{Tool: toolname.Handoff, Status: "queued", Order: c.CurrentOrder}}})
			res.Outcome = OutcomeReplied
		case limited:
			res.Outcome, res.Reason = OutcomeSaved, "reply limit for this address"
		case stale:
			// Stated again in this reply: only the customer's answer to
			// it can confirm it.
			p := c.Pending
			p.StatedAt = seq + 1
			reply, res.stated = restated(*p), p.ID
			d.Messages = append(d.Messages, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: reply, At: s.Clock.Now(),
				Actions: []conversation.Action{{Tool: p.Tool, Status: "restated", Order: p.Order, Detail: "the yes answered an earlier offer", Proposal: p.ID}}})
			res.Outcome = OutcomeReplied
		case match.Kind != "":
			reply = match.Reply
			e, err := match.Event(now)
			if err != nil {
				return turn.Draft{}, err
			}
			d.Events = append(d.Events, e)
			d.Messages = append(d.Messages, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: reply, At: s.Clock.Now(),
				Actions: []conversation.Action{{Tool: "outreach_" + match.Kind, Status: "done"}}})
			res.Outcome = OutcomeReplied
		default:
			r, err := s.Agent.Turn(lockout.WithClient(ctx, "mail:"+from), c, msgs, text, seq) // failed verifications count per sender
			if err != nil {
				return turn.Draft{}, fmt.Errorf("agent turn: %w", err)
			}
			d.Records = r.Records
			if r.Quiet {
				res.Outcome, res.Reason = OutcomeSaved, "a person owns the conversation"
				break
			}
			reply = r.Reply
			if c.Verified() && c.CustomerEmail != replyTo(*c, from) {
				// Verified for someone else's address (an order number and
				// its email named in the text): nothing goes to this one.
				reply = GenericReply
				c.CustomerEmail, c.VerifiedBy, c.Pending = "", "", nil
			}
			if len(notes) > 0 {
				reply = strings.TrimSpace(reply + "\n\n" + strings.Join(notes, "\n"))
			}
			u := conversation.Usage{InputTokens: r.Usage.InputTokens, OutputTokens: r.Usage.OutputTokens,
				CacheReadTokens: r.Usage.CacheReadTokens, CacheWriteTokens: r.Usage.CacheWriteTokens}
			d.Messages = append(d.Messages, conversation.Message{Seq: seq + 1, Role: conversation.RoleAgent, Text: reply, At: s.Clock.Now(), Actions: r.Actions, Usage: &u})
			res.Outcome = OutcomeReplied
			res.waiting = res.waiting || asksCustomer(r.Actions)
			if c.Pending != nil && c.Pending.StatedAt == seq+1 {
				res.stated = c.Pending.ID
			}
		}
		return d, nil
	})
	if err != nil {
		return Result{}, "", 0, err
	}
	if !saved.Skipped {
		res.Verified = saved.After.Verified()
		res.waiting = res.waiting || saved.After.Unsettled(s.Clock.Now()) != ""
		s.Log.InfoContext(ctx, "email turn", "shop", saved.After.Shop, "conversation", saved.After.ID, "seq", seq, "outcome", res.Outcome, "verified", res.Verified)
	}
	return res, reply, seq, nil
}

// asksCustomer reports whether a reply's actions leave a step to the
// customer: a question (which items, replacement or refund?) or a wait
// they are to come back after (look around for a parcel marked delivered).
func asksCustomer(acts []conversation.Action) bool {
	for _, a := range acts {
		switch a.Status {
		case "asked", "ask_resolution", "look_around":
			return true
		}
	}
	return false
}

func (s *Service) loop() *turn.Loop {
	s.once.Do(func() {
		if s.Turns == nil {
			s.Turns = &turn.Loop{Store: s.Store, Clock: s.Clock}
		}
	})
	return s.Turns
}

func savedMessage(msgs []conversation.Message, msgID string) int {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == conversation.RoleCustomer && msgs[i].MessageID == msgID {
			return i
		}
	}
	return -1
}

// identify verifies c for the sender when the sender is an order's email
// (the message is authenticated: the caller checked).
func (s *Service) identify(ctx context.Context, c *conversation.Conversation, from string) error {
	orders, err := s.Store.OrdersByEmail(ctx, c.Shop, from, 1)
	if err != nil {
		return fmt.Errorf("sender's orders: %w", err)
	}
	if len(orders) > 0 {
		c.CustomerEmail, c.VerifiedBy = order.NormaliseEmail(from), conversation.VerifiedByEmailSender
	}
	return nil
}

// aboutNotice makes the order of the notice a message replies to the
// conversation's current order, when the conversation is verified for that
// order's customer (the message is authenticated: the caller checked), and
// reports whether it did (and the order's id); a notice about someone
// else's order changes nothing.
func (s *Service) aboutNotice(ctx context.Context, c *conversation.Conversation, name string) (bool, string, error) {
	if !c.Verified() {
		return false, "", nil
	}
	orders, err := s.Store.OrdersByEmail(ctx, c.Shop, c.CustomerEmail, 100)
	if err != nil {
		return false, "", fmt.Errorf("notice's order: %w", err)
	}
	for _, o := range orders {
		if o.Name == name {
			c.CurrentOrder = name
			if !slices.Contains(c.Orders, name) {
				c.Orders = append(c.Orders, name)
			}
			return true, o.ID, nil
		}
	}
	return false, "", nil
}

// replyTo is the address whose customer the agent's answer may speak to:
// the email conversation's contact, or, for a conversation on another
// channel continued by mail, the sender (package chat verified it).
func replyTo(c conversation.Conversation, from string) string {
	if c.Channel == conversation.ChannelEmail {
		return c.Contact
	}
	return order.NormaliseEmail(from)
}

// overLimit counts a reply to addr in this hour and reports whether it is
// one too many. Each reply is a document (CollReplies) created only if its
// number is new, so two replies at once never both take the last one;
// one over the limit is not recorded.
func (s *Service) overLimit(ctx context.Context, addr string, now time.Time) (bool, error) {
	hour := now.UTC().Truncate(time.Hour)
	prefix := s.Shop + "|" + strings.ToLower(strings.TrimSpace(addr)) + "|" + hour.Format("2006010215") + "|"
	limit := s.maxReplies()
	for {
		docs, err := s.Store.ListDocs(ctx, CollReplies, prefix, "", limit)
		if err != nil {
			return false, fmt.Errorf("count replies: %w", err)
		}
		if len(docs) >= limit {
			return true, nil
		}
		err = s.Store.CreateDoc(ctx, CollReplies, prefix+fmt.Sprintf("%04d", len(docs)), []byte("{}"), hour.Add(2*time.Hour))
		if errors.Is(err, store.ErrConflict) {
			continue // another reply took that number: count again
		}
		if err != nil {
			return false, fmt.Errorf("count reply: %w", err)
		}
		return false, nil
	}
}

// send sends the reply saved as message seq of conversation convID, once:
// a claim on the message guards it, and a failed send releases the claim
// so a retry sends it. It reports whether this call sent it. A reply that
// rates asks for a rating with one-click links.
func (s *Service) send(ctx context.Context, convID string, seq int, proposal string, msg mailparse.Incoming, reply string, rates bool, now time.Time) (string, bool, error) {
	claim := "mail-reply|" + s.Shop + "|" + convID + "|" + strconv.Itoa(seq)
	err := s.Store.Claim(ctx, claim, now.Add(refTTL))
	if errors.Is(err, store.ErrDuplicate) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("claim reply: %w", err)
	}
	if s.CSATLinks != nil && rates {
		links := s.CSATLinks(s.Shop, convID)
		reply += "\n\nHow did we do? One click rates this conversation:"
		for score := 5; score >= 1; score-- {
			reply += fmt.Sprintf("\n%d of 5: %s", score, links[score])
		}
	}
	out := email.Outgoing{
		From:    s.From,
		To:      mail.Address{Name: msg.From.Name, Address: msg.From.Address},
		Subject: ReplySubject(msg.Subject),
		Text:    reply,
		Headers: map[string]string{
			// RFC 3834: other robots should not answer this one, and
			// Exchange should not send out-of-office notes to it.
			"Auto-Submitted":           "auto-replied",
			"X-Auto-Response-Suppress": "All",
		},
		Date: now,
	}
	if msg.MessageID != "" {
		out.InReplyTo = msg.MessageID
		out.References = references(msg.References, msg.MessageID)
	}
	id, err := s.Sender.Send(ctx, out)
	if err != nil {
		if rerr := s.Store.Release(ctx, claim); rerr != nil {
			s.Log.ErrorContext(ctx, "release reply claim", "conversation", convID, "err", rerr)
		}
		return "", false, fmt.Errorf("send reply: %w", err)
	}
	if err := s.putJSON(ctx, CollMessageIDs, ThreadKey(id), msgRef{Shop: s.Shop, Conversation: convID, Proposal: proposal}, now.Add(refTTL)); err != nil {
		// Sent already: a retry would not send again, so log and go on;
		// the customer's reply still threads by sender.
		s.Log.ErrorContext(ctx, "file reply message id", "conversation", convID, "err", err)
	}
	return id, true, nil
}

// references is a reply's References: the parent's, then the parent's
// own id, at most 20 (the first and the last 19).
func references(parent []string, parentID string) []string {
	refs := append(append([]string{}, parent...), parentID)
	if len(refs) > 20 {
		refs = append(refs[:1], refs[len(refs)-19:]...)
	}
	return refs
}

// record writes what became of a message to the mail log and the log.
func (s *Service) record(ctx context.Context, key string, msg mailparse.Incoming, r Result) Result {
	now := s.Clock.Now()
	entry := map[string]any{"shop": s.Shop, "key": key, "from": msg.From.Address, "subject": msg.Subject, "message_id": msg.MessageID,
		"outcome": r.Outcome, "reason": r.Reason, "conversation_id": r.Conversation, "at": now, "damaged": msg.Damaged}
	if err := s.putJSON(ctx, CollLog, now.Format(time.RFC3339Nano)+"|"+key, entry, now.Add(90*24*time.Hour)); err != nil {
		s.Log.ErrorContext(ctx, "record mail", "key", key, "err", err)
	}
	s.Log.InfoContext(ctx, "mail received", "shop", s.Shop, "key", key, "outcome", r.Outcome, "reason", r.Reason, "conversation", r.Conversation)
	return r
}
