package trackpage

// Self-service returns (POST /track/return): a customer who proved their
// order on the page (order number and email under the lockout's limits, or
// the signed link in their mail) picks lines, quantities, a reason and a
// resolution; the page shows the proposal the chat would state, word for
// word (agent.ProposeReturn: the chat's own code and policy check); on
// "Confirm" exactly that stored proposal runs once through the agent's
// Execute (its id claimed), or, when policy wants a person, goes to the
// approval queue (escalation) as a chat return would. The page then shows
// the return, its label or instructions, and the refund.
//
// Every form carries a signed token (signed.ReturnForm: shop, order id,
// expiry) that proves the verification and stops cross-site posts: a form
// without one, or with another order's, changes nothing.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/agent"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/email"
	"github.com/doorstep-ai/doorstep/pkg/escalation"
	"github.com/doorstep-ai/doorstep/pkg/money"
	"github.com/doorstep-ai/doorstep/pkg/order"
	"github.com/doorstep-ai/doorstep/pkg/policy"
	"github.com/doorstep-ai/doorstep/pkg/signed"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// ReturnsCollection holds one record per return proposal made on the
// page, by "<order id>|<proposal id>".
const ReturnsCollection = "selfserve_returns"

// Returns is what self-service returns need. A Page without one offers
// no returns.
type Returns struct {
	Store ReturnStore
	// Policies is the shops' policy (settings.Service).
	Policies agent.Policies
	// Runner runs a confirmed proposal exactly, once (agent.Agent).
	Runner escalation.ProposalRunner
	// Approvals opens the approval of a proposal policy wants a person for
	// (escalation.Service).
	Approvals Approvals
	// Labels makes return labels (package easypost); nil: instructions.
	Labels LabelMaker
	// Variants are a product's variants with stock, for exchanges (the
	// shop's agent.Exchanger); nil: no exchanges.
	Variants Variants
	// StoreCredit is whether the shop connection issues store credit
	// (agent.StoreCreditIssuer): then, with a bonus set, returns offer it.
	StoreCredit bool
	// Mail sends the label or instructions from From (nil: not mailed).
	Mail email.Sender
	From mail.Address
	// Address is where returned parcels go, as it is written on a parcel
	// (lines); Instructions are the merchant's own words for returns.
	Address      string
	Instructions string
}

// ReturnStore is what self-service returns keep.
type ReturnStore interface {
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
	ListDocs(ctx context.Context, coll, prefix, after string, limit int) ([]store.Doc, error)
	Claim(ctx context.Context, key string, expires time.Time) error
	Release(ctx context.Context, key string) error
}

// Variants lists a product's variants (agent.Exchanger).
type Variants interface {
	Variants(ctx context.Context, shop, productID string) ([]agent.Variant, error)
}

// Approvals is the approval queue (escalation.Service).
type Approvals interface {
	Open(ctx context.Context, r escalation.Request) (escalation.Handoff, error)
	Get(ctx context.Context, id string) (escalation.Handoff, error)
}

// returnRecord is a proposal made on the page and what became of it.
type returnRecord struct {
	Proposal conversation.Proposal `json:"proposal"`
	// Status is the proposal's (conversation.ProposalStated, ...Queued,
	// ...Done, ...Failed); Outcome says why it failed.
	Status  string `json:"status"`
	Outcome string `json:"outcome,omitempty"`
	// Detail is what running it did ("return 123").
	Detail  string    `json:"detail,omitempty"`
	Handoff string    `json:"handoff,omitempty"`
	Label   *Label    `json:"label,omitempty"`
	Mailed  bool      `json:"mailed,omitempty"`
	At      time.Time `json:"at"`
}

const (
	formLife   = 2 * time.Hour             // a return form's token
	statedLife = conversation.ProposalLife // a proposal nobody confirmed: as in every channel
	recordLife = 400 * 24 * time.Hour      // a confirmed one
)

func recordID(orderID, proposalID string) string { return orderID + "|" + proposalID }

// formToken is the signed token of o's return forms.
func (p *Page) formToken(o order.Order) string {
	return p.Keys.Sign(signed.ReturnForm, p.Clock.Now().Add(formLife), o.Shop, o.ID)
}

// serveReturn is POST /track/return: step "propose", "confirm", "edit" or
// "label".
func (p *Page) serveReturn(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		p.render(r.Context(), w, http.StatusMethodNotAllowed, view{Error: "Use the form."})
		return
	}
	if p.Returns == nil {
		p.render(r.Context(), w, http.StatusNotFound, view{Error: "Returns can't be started here. Ask us in the chat instead."})
		return
	}
	// A browser says when a post comes from another site; the token
	// refuses the rest.
	if p.refuseCrossSite(w, r) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		p.render(r.Context(), w, http.StatusBadRequest, view{Error: "That form could not be read. Look up your order and try again."})
		return
	}
	claims, err := p.Keys.Verify(signed.ReturnForm, r.PostForm.Get("s"), p.Clock.Now())
	if err != nil || len(claims.Fields) != 2 || claims.Fields[0] != p.Shop {
		msg := "That form is not valid. Look up your order and try again."
		if errors.Is(err, signed.ErrExpired) {
			msg = "That page has expired. Look up your order again to carry on."
		}
		p.render(r.Context(), w, http.StatusForbidden, view{Error: msg})
		return
	}
	o, err := p.Store.GetOrder(ctx, p.Shop, claims.Fields[1])
	if err != nil {
		p.log().WarnContext(ctx, "return form: order", "order_id", claims.Fields[1], "err", err)
		p.render(r.Context(), w, http.StatusNotFound, view{Error: "We couldn't find that order. Look it up again."})
		return
	}
	pol, err := p.Returns.Policies.Policy(ctx, p.Shop)
	if err != nil {
		p.fail(w, r, "return form: policy", err)
		return
	}
	switch r.PostForm.Get("step") {
	case "propose":
		p.propose(w, r, o, pol)
	case "confirm":
		p.confirm(w, r, o)
	case "edit":
		rv := p.returnForm(ctx, o, pol)
		rv.fill(r.PostForm)
		p.render(r.Context(), w, http.StatusOK, view{Return: rv})
	case "label":
		p.labelAgain(w, r, o)
	default:
		p.render(r.Context(), w, http.StatusBadRequest, view{Error: "That form could not be read. Look up your order and try again."})
	}
}

// fail is a 5xx page: the detail goes to the log.
func (p *Page) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	p.log().ErrorContext(r.Context(), what, "err", err)
	p.render(r.Context(), w, http.StatusInternalServerError, view{Error: "Something went wrong on our side. Nothing was lost: go back and try again in a moment."})
}

// resolutions are what a return of o may become: a refund always; store
// credit when the shop can issue it and the merchant gives a bonus on it
// (as the chat offers it); an exchange when a line has other variants.
func (p *Page) resolutions(ctx context.Context, o order.Order, pol policy.Policy) []string {
	out := []string{ResolutionRefund}
	if p.Returns.StoreCredit && pol.StoreCreditBonusPercent > 0 {
		out = append(out, ResolutionStoreCredit)
	}
	for _, li := range o.LineItems {
		if len(p.exchangeOptions(ctx, o, li)) > 0 {
			return append(out, ResolutionExchange)
		}
	}
	return out
}

// exchangeOptions are the variants li may be swapped for: its product's
// others, as the shop lists them (nil when there are none, or no way to
// ask).
func (p *Page) exchangeOptions(ctx context.Context, o order.Order, li order.LineItem) []agent.Variant {
	if p.Returns.Variants == nil || li.ProductID == "" {
		return nil
	}
	vs, err := p.Returns.Variants.Variants(ctx, o.Shop, li.ProductID)
	if err != nil {
		p.log().WarnContext(ctx, "return form: variants", "product", li.ProductID, "err", err)
		return nil
	}
	var out []agent.Variant
	for _, v := range vs {
		if v.ID != li.VariantID && !strings.EqualFold(v.Title, li.Variant) {
			out = append(out, v)
		}
	}
	return out
}

// propose shows the proposal for the form's choices, or the form again
// with what is wrong, the choices kept.
func (p *Page) propose(w http.ResponseWriter, r *http.Request, o order.Order, pol policy.Policy) {
	ctx := r.Context()
	now := p.Clock.Now()
	f, errs := parseReturnForm(r.PostForm, o, p.resolutions(ctx, o, pol))
	var v agent.Variant
	if errs == nil && f.Resolution == ResolutionExchange {
		v, errs = p.exchangeChoice(ctx, o, f)
	}
	if errs != nil {
		rv := p.returnForm(ctx, o, pol)
		rv.fill(r.PostForm)
		rv.Errors = errs
		rv.Error = "Please check the highlighted choices."
		p.render(r.Context(), w, http.StatusBadRequest, view{Return: rv})
		return
	}
	var prop conversation.Proposal
	var d policy.Decision
	var err error
	if f.Resolution == ResolutionExchange {
		prop, d, err = agent.ProposeExchange(pol, o, f.Lines[0], v, f.Reason, p.Returns.Labels != nil, now)
	} else {
		prop, d, err = agent.ProposeReturn(pol, o, f.Lines, f.Reason, f.Resolution, p.Returns.Labels != nil, now)
	}
	if err != nil {
		p.fail(w, r, "return form: propose", err)
		return
	}
	if d.Verdict == policy.Refuse {
		rv := p.returnForm(ctx, o, pol)
		rv.fill(r.PostForm)
		rv.Error = "We can't start this " + map[bool]string{true: "exchange", false: "return"}[f.Resolution == ResolutionExchange] + ": " + d.Reason + "."
		if f.Resolution == ResolutionExchange {
			rv.Error += " " + p.insteadOfExchange(o, f, pol)
		}
		p.render(r.Context(), w, http.StatusConflict, view{Return: rv})
		return
	}
	if prop.Approval != "" {
		prop.Statement += approvalNote
	}
	prop.ID = newProposalID()
	prop.At, prop.Status = now, conversation.ProposalStated
	rec := returnRecord{Proposal: prop, Status: conversation.ProposalStated, At: now}
	if err := p.saveRecord(ctx, o, rec, now.Add(statedLife)); err != nil {
		p.fail(w, r, "return form: save proposal", err)
		return
	}
	p.log().InfoContext(ctx, "return proposed on the tracking page", "order_id", o.ID, "proposal", prop.ID, "approval", prop.Approval != "")
	rv := &returnsView{Token: p.formToken(o), OrderName: o.Name, Statement: prop.Statement, ProposalID: prop.ID,
		NeedsApproval: prop.Approval != ""}
	for k, vs := range f.values() {
		rv.Hidden = append(rv.Hidden, hidden{Name: k, Value: vs[0]})
	}
	sort.Slice(rv.Hidden, func(i, j int) bool { return rv.Hidden[i].Name < rv.Hidden[j].Name })
	p.render(r.Context(), w, http.StatusOK, view{Return: rv})
}

// exchangeChoice is the variant the form asks for, among the line's
// options now (exchanges are one line at a time).
func (p *Page) exchangeChoice(ctx context.Context, o order.Order, f returnForm) (agent.Variant, map[string]string) {
	if len(f.Lines) != 1 {
		return agent.Variant{}, map[string]string{"items": "Exchanges are one item at a time: choose the one item to swap."}
	}
	id := f.Lines[0].LineItemID
	li, _ := lineByID(o, id)
	for _, v := range p.exchangeOptions(ctx, o, li) {
		if v.ID == f.Want[id] {
			return v, nil
		}
	}
	return agent.Variant{}, map[string]string{"want." + id: "Choose one of the options listed."}
}

// insteadOfExchange offers what the chat offers when an exchange cannot
// be made: a return for store credit or a refund.
func (p *Page) insteadOfExchange(o order.Order, f returnForm, pol policy.Policy) string {
	var value order.Money // what a return of them refunds, as the chat's (order.PaidFor)
	for _, l := range f.Lines {
		li, _ := lineByID(o, l.LineItemID)
		value += li.Paid(l.Quantity)
	}
	refund := money.Format(int64(value), o.Currency)
	if p.Returns.StoreCredit && pol.StoreCreditBonusPercent > 0 {
		return "You can return it for " + money.Format(int64(pol.StoreCredit(value)), o.Currency) + " in store credit or a refund of " + refund + " instead: choose that below."
	}
	return "You can return it for a refund of " + refund + " instead: choose that below."
}

// approvalNote ends the statement of a proposal a person approves.
const approvalNote = " A member of our team approves requests like this one: once you confirm, we'll pass it to them, and you'll hear back by email."

func newProposalID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return "track-" + hex.EncodeToString(b)
}

func (p *Page) saveRecord(ctx context.Context, o order.Order, rec returnRecord, expires time.Time) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode return record: %w", err)
	}
	if err := p.Returns.Store.PutDoc(ctx, ReturnsCollection, recordID(o.ID, rec.Proposal.ID), b, expires); err != nil {
		return fmt.Errorf("save return record %s: %w", rec.Proposal.ID, err)
	}
	return nil
}

func (p *Page) loadRecord(ctx context.Context, o order.Order, proposalID string) (returnRecord, error) {
	var rec returnRecord
	b, err := p.Returns.Store.GetDoc(ctx, ReturnsCollection, recordID(o.ID, proposalID))
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(b, &rec); err != nil {
		return rec, fmt.Errorf("decode return record %s: %w", proposalID, err)
	}
	return rec, nil
}

// confirm runs the stated proposal the form names, once; a second
// confirm (a retry, a double click) shows what the first did.
func (p *Page) confirm(w http.ResponseWriter, r *http.Request, o order.Order) {
	ctx := r.Context()
	id := strings.TrimSpace(r.PostForm.Get("p"))
	rec, err := p.loadRecord(ctx, o, id)
	// A proposal nobody confirmed within statedLife has lapsed (the store
	// may keep it a while past its expiry).
	lapsed := err == nil && rec.Status == conversation.ProposalStated && p.Clock.Now().Sub(rec.At) > statedLife
	if errors.Is(err, store.ErrNotFound) || lapsed || (err == nil && rec.Proposal.OrderID != o.ID) {
		p.render(r.Context(), w, http.StatusNotFound, view{Error: "That return has expired. Look up your order to start it again."})
		return
	}
	if err != nil {
		p.fail(w, r, "return confirm: load", err)
		return
	}
	if rec.Status == conversation.ProposalStated {
		if rec, err = p.run(ctx, o, rec); err != nil {
			p.fail(w, r, "return confirm: run", err)
			return
		}
	}
	p.renderOutcome(w, r, o, rec)
}

// run settles a stated proposal: queued for a person, done, or failed.
func (p *Page) run(ctx context.Context, o order.Order, rec returnRecord) (returnRecord, error) {
	prop := rec.Proposal
	now := p.Clock.Now()
	rec.Status = conversation.ProposalConfirmed
	ordered := func(id string) int { li, _ := lineByID(o, id); return li.Quantity }
	if sup, err := agent.Superseded(ctx, p.Returns.Store, p.Shop, prop, ordered); err != nil {
		return rec, fmt.Errorf("run proposal %s: %w", prop.ID, err)
	} else if sup {
		// A newer request about the same items (in the chat, or on this
		// page) went ahead or waits for approval.
		rec.Status, rec.Outcome = conversation.ProposalFailed, agent.SupersededReason
	}
	if rec.Status == conversation.ProposalConfirmed && prop.Approval == "" {
		detail, err := p.Returns.Runner.Execute(ctx, p.Shop, prop, false)
		var refused *agent.RefusedError
		var approval *agent.ApprovalError
		switch {
		case errors.As(err, &approval):
			prop.Approval = approval.Reason
		case errors.As(err, &refused):
			rec.Status, rec.Outcome = conversation.ProposalFailed, refused.Reason
		case errors.Is(err, agent.ErrCommerceRejected):
			rec.Status, rec.Outcome = conversation.ProposalFailed, "the shop could not start it"
		case errors.Is(err, agent.ErrAlreadyDone):
			// Another request ran it a moment ago: its record says how.
			if again, lerr := p.loadRecord(ctx, o, prop.ID); lerr == nil && again.Status != conversation.ProposalStated {
				return again, nil
			}
			rec.Status = conversation.ProposalDone
		case err != nil:
			return rec, fmt.Errorf("run proposal %s: %w", prop.ID, err)
		default:
			rec.Status, rec.Detail = conversation.ProposalDone, detail
		}
	}
	if rec.Status == conversation.ProposalConfirmed { // policy wants a person
		h, err := p.Returns.Approvals.Open(ctx, escalation.Request{Shop: p.Shop, Kind: escalation.KindApproval, CustomerEmail: o.Email,
			Order: o.Name, Reason: prop.Approval, Key: prop.ID,
			Action: &escalation.Action{Tool: prop.Tool, Order: o.Name, OrderID: o.ID, Proposal: &prop, Statement: prop.Statement,
				Amount: prop.Amount, Currency: prop.Currency, Reason: prop.Approval}})
		if err != nil {
			return rec, fmt.Errorf("queue proposal %s: %w", prop.ID, err)
		}
		rec.Status, rec.Handoff = conversation.ProposalQueued, h.ID
	}
	rec.Proposal = prop
	rec.Proposal.Status, rec.Proposal.Outcome = rec.Status, rec.Outcome
	rec.At = now
	p.log().InfoContext(ctx, "return confirmed on the tracking page", "order_id", o.ID, "proposal", prop.ID, "status", rec.Status)
	if rec.Status == conversation.ProposalDone || rec.Status == conversation.ProposalQueued {
		// It supersedes older requests about the same items.
		if err := agent.NoteNewest(ctx, p.Returns.Store, p.Shop, rec.Proposal, now); err != nil {
			p.log().WarnContext(ctx, "return confirm: note newest", "proposal", prop.ID, "err", err)
		}
	}
	if rec.Status == conversation.ProposalDone {
		rec = p.afterReturn(ctx, o, rec)
	}
	if err := p.saveRecord(ctx, o, rec, now.Add(recordLife)); err != nil {
		return rec, err
	}
	return rec, nil
}

// refresh brings a queued record up to date with its approval: done (then
// its label), declined or failed.
func (p *Page) refresh(ctx context.Context, o order.Order, rec returnRecord) returnRecord {
	if rec.Status != conversation.ProposalQueued || rec.Handoff == "" {
		return rec
	}
	h, err := p.Returns.Approvals.Get(ctx, rec.Handoff)
	if err != nil {
		p.log().WarnContext(ctx, "return status: approval", "handoff", rec.Handoff, "err", err)
		return rec
	}
	switch h.Status {
	case escalation.StatusDone:
		rec.Status, rec.Detail = conversation.ProposalDone, h.Result
	case escalation.StatusDeclined, escalation.StatusExpired:
		rec.Status, rec.Outcome = conversation.ProposalDeclined, "the team did not approve it"
	case escalation.StatusFailed:
		rec.Status, rec.Outcome = conversation.ProposalFailed, "the shop could not start it"
	case escalation.StatusRefused:
		rec.Status, rec.Outcome = conversation.ProposalFailed, h.Result
	default:
		return rec
	}
	if rec.Status == conversation.ProposalDone {
		rec = p.afterReturn(ctx, o, rec)
	}
	if err := p.saveRecord(ctx, o, rec, p.Clock.Now().Add(recordLife)); err != nil {
		p.log().WarnContext(ctx, "return status: save", "proposal", rec.Proposal.ID, "err", err)
	}
	return rec
}

// ReturnStarted makes the label (when a provider is set up) and mails it
// or the instructions, with a gift card's code, for a return started
// anywhere (the chat, an email, an approval, this page): the one return
// mail, once per proposal (agent.ReturnMailer). Without a mailer it does
// nothing.
func (p *Page) ReturnStarted(ctx context.Context, o order.Order, prop conversation.Proposal, detail string) error {
	if p.Returns == nil || p.Returns.Mail == nil || p.Returns.From.Address == "" || o.Email == "" {
		return nil
	}
	rec := p.afterReturn(ctx, o, returnRecord{Proposal: prop, Status: conversation.ProposalDone, Detail: detail, At: p.Clock.Now()})
	if !rec.Mailed {
		return fmt.Errorf("return mail for %s: not sent", prop.ID)
	}
	return nil
}

// GiftCardIssued mails the code of a gift card a proposal issued without
// a return (store credit for a kept item or a parcel made good, where the
// shop cannot hold credit for the customer), once per proposal
// (agent.ReturnMailer). Without a mailer it does nothing.
func (p *Page) GiftCardIssued(ctx context.Context, o order.Order, prop conversation.Proposal, detail string) error {
	_, code, ok := strings.Cut(detail, " code ")
	if code = strings.TrimSpace(strings.SplitN(code, ";", 2)[0]); !ok || code == "" {
		return nil
	}
	if p.Returns == nil || p.Returns.Mail == nil || p.Returns.From.Address == "" || o.Email == "" {
		return nil
	}
	key := "giftcard-mail:" + p.Shop + ":" + prop.ID
	if err := p.Returns.Store.Claim(ctx, key, p.Clock.Now().Add(recordLife)); errors.Is(err, store.ErrDuplicate) {
		return nil
	} else if err != nil {
		return fmt.Errorf("gift card mail for %s: %w", prop.ID, err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Your store credit of %s for order %s is on a gift card", money.Format(int64(prop.Amount), prop.Currency), o.Name)
	if len(prop.Lines) > 0 {
		fmt.Fprintf(&b, " (%s)", linesText(prop.Lines))
	}
	fmt.Fprintf(&b, ".\n\nGift card code: %s\n\nEnter it at checkout to use it; what you don't spend stays on the card.\n", code)
	_, err := p.Returns.Mail.Send(ctx, email.Outgoing{From: p.Returns.From, To: mail.Address{Address: o.Email},
		Subject: "Your gift card for order " + o.Name, Text: b.String(), Date: p.Clock.Now()})
	if err != nil {
		if rerr := p.Returns.Store.Release(ctx, key); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return fmt.Errorf("gift card mail for %s: %w", prop.ID, err)
	}
	return nil
}

// afterReturn makes the label (when a provider is set up) and mails it or
// the instructions, each once.
func (p *Page) afterReturn(ctx context.Context, o order.Order, rec returnRecord) returnRecord {
	if rec.Label == nil && p.Returns.Labels != nil {
		rec.Label = p.makeLabel(ctx, o, rec)
	}
	if !rec.Mailed && p.Returns.Mail != nil && p.Returns.From.Address != "" && o.Email != "" {
		rec.Mailed = p.mailReturn(ctx, o, rec)
	}
	return rec
}

// makeLabel gets the proposal's return label: the provider buys it once
// per reference (the proposal id) and finds it again after that, so a
// retry after a lost answer or a crash gets the same label. nil when it
// could not, and the instructions stand in.
func (p *Page) makeLabel(ctx context.Context, o order.Order, rec returnRecord) *Label {
	if o.ShippingAddress == nil {
		return nil
	}
	l, err := p.Returns.Labels.ReturnLabel(ctx, LabelRequest{Shop: p.Shop, Order: o.Name, Reference: rec.Proposal.ID,
		Customer: *o.ShippingAddress, Email: o.Email, Units: units(rec.Proposal)})
	if err != nil {
		p.log().WarnContext(ctx, "return label", "proposal", rec.Proposal.ID, "err", err)
		return nil
	}
	return &l
}

func units(prop conversation.Proposal) int {
	n := 0
	for _, l := range prop.Lines {
		n += l.Quantity
	}
	return n
}

// labelAgain is "Get my return label": for a return that is done but has
// no label yet (the provider failed, or a person approved it).
func (p *Page) labelAgain(w http.ResponseWriter, r *http.Request, o order.Order) {
	ctx := r.Context()
	rec, err := p.loadRecord(ctx, o, strings.TrimSpace(r.PostForm.Get("p")))
	if errors.Is(err, store.ErrNotFound) {
		p.render(r.Context(), w, http.StatusNotFound, view{Error: "We couldn't find that return. Look up your order again."})
		return
	}
	if err != nil {
		p.fail(w, r, "return label: load", err)
		return
	}
	rec = p.refresh(ctx, o, rec)
	if rec.Status == conversation.ProposalDone && rec.Label == nil && p.Returns.Labels != nil {
		rec.Label = p.makeLabel(ctx, o, rec)
		if err := p.saveRecord(ctx, o, rec, p.Clock.Now().Add(recordLife)); err != nil {
			p.fail(w, r, "return label: save", err)
			return
		}
	}
	p.renderOutcome(w, r, o, rec)
}

// instructions are how to send the items back without a label: the
// merchant's address and words, the window, the order number.
func (p *Page) instructions(o order.Order, rec returnRecord) []string {
	var out []string
	out = append(out, "Pack "+linesText(rec.Proposal.Lines)+" securely, with a note saying order "+o.Name+".")
	if a := strings.TrimSpace(p.Returns.Address); a != "" {
		out = append(out, "Send the parcel to: "+strings.Join(strings.Fields(strings.ReplaceAll(a, "\n", ", ")), " ")+".")
	} else {
		out = append(out, "Reply to our email for the address to send it to.")
	}
	out = append(out, "Keep your proof of postage until "+resolutionWord(rec.Proposal.Resolution)+".")
	if s := strings.TrimSpace(p.Returns.Instructions); s != "" {
		out = append(out, s)
	}
	return out
}

func resolutionWord(r string) string {
	switch r {
	case ResolutionStoreCredit:
		return "we've received the items"
	case ResolutionExchange:
		return "your new item arrives"
	}
	return "your refund arrives"
}

// creditNote says where a return's store credit went: "" for none.
func creditNote(rec returnRecord) string {
	if rec.Proposal.Resolution != ResolutionStoreCredit || rec.Status != conversation.ProposalDone {
		return ""
	}
	amount := money.Format(int64(rec.Proposal.Amount), rec.Proposal.Currency)
	if _, code, ok := strings.Cut(rec.Detail, " code "); ok {
		return "Your " + amount + " store credit is on a gift card: code " + strings.TrimSpace(code) + "."
	}
	return "Your " + amount + " store credit is on your account: it applies at checkout when you sign in."
}

func linesText(lines []conversation.ProposalLine) string {
	var parts []string
	for _, l := range lines {
		t := l.Title
		if l.Variant != "" {
			t += " (" + l.Variant + ")"
		}
		parts = append(parts, fmt.Sprintf("%d × %s", l.Quantity, t))
	}
	return strings.Join(parts, ", ")
}

// mailReturn sends the label or the instructions, once per proposal.
func (p *Page) mailReturn(ctx context.Context, o order.Order, rec returnRecord) bool {
	key := "return-mail:" + p.Shop + ":" + rec.Proposal.ID
	if err := p.Returns.Store.Claim(ctx, key, p.Clock.Now().Add(recordLife)); err != nil {
		return errors.Is(err, store.ErrDuplicate)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Your return for order %s has started: %s\n\n", o.Name, linesText(rec.Proposal.Lines))
	if rec.Label != nil {
		fmt.Fprintf(&b, "Print your return label: %s\n", rec.Label.URL)
		if rec.Label.TrackingCode != "" {
			fmt.Fprintf(&b, "Tracking number: %s (%s)\n", rec.Label.TrackingCode, rec.Label.Carrier)
		}
		fmt.Fprintf(&b, "\nPack the items, stick the label on the parcel and drop it off with %s.\n", firstNonEmpty(rec.Label.Carrier, "the carrier"))
	} else {
		b.WriteString("How to send it back:\n")
		for i, s := range p.instructions(o, rec) {
			fmt.Fprintf(&b, "%d. %s\n", i+1, s)
		}
	}
	switch rec.Proposal.Resolution {
	case ResolutionRefund:
		fmt.Fprintf(&b, "\nOnce the items are back with us you'll get a refund of %s to your original payment method.\n", money.Format(int64(rec.Proposal.Amount), rec.Proposal.Currency))
	case ResolutionStoreCredit:
		fmt.Fprintf(&b, "\n%s\n", creditNote(rec))
	case ResolutionExchange:
		if x := rec.Proposal.ExchangeFor; x != nil {
			fmt.Fprintf(&b, "\nYour %s (%s) ships as soon as the original is on its way back.\n", x.Title, x.Variant)
		}
	}
	_, err := p.Returns.Mail.Send(ctx, email.Outgoing{From: p.Returns.From, To: mail.Address{Address: o.Email},
		Subject: "Your return for order " + o.Name, Text: b.String(), Date: p.Clock.Now()})
	if err != nil {
		p.log().WarnContext(ctx, "return mail", "proposal", rec.Proposal.ID, "err", err)
		if rerr := p.Returns.Store.Release(ctx, key); rerr != nil {
			p.log().WarnContext(ctx, "return mail: release", "proposal", rec.Proposal.ID, "err", rerr)
		}
		return false
	}
	return true
}

// --- views ---

// returnsView is the returns part of the page: the form, a proposal to
// confirm, or what a confirmed one became, with the order's return and
// refund status.
type returnsView struct {
	Token, OrderName string
	// The form: Closed says why returns cannot start.
	Form        bool
	Closed      string
	Lines       []lineChoice
	Reasons     []choice
	Resolutions []choice
	Errors      map[string]string
	Error       string
	// The proposal to confirm.
	Statement, ProposalID string
	NeedsApproval         bool
	Hidden                []hidden
	// What a confirmed one became.
	Outcome *outcomeView
	// Status lists the order's returns and refunds.
	Status []statusView
}

type lineChoice struct {
	ID, Title, Name string
	Options         []int
	Selected        int
	// WantName and Want are the line's exchange options.
	WantName string
	Want     []choice
}

type choice struct {
	Value, Label string
	Selected     bool
}

type hidden struct{ Name, Value string }

type outcomeView struct {
	Title, Text, ProposalID string
	// Credit says where store credit went (a gift card's code).
	Credit            string
	LabelURL, Carrier string
	TrackingCode      string
	Instructions      []string
	LabelButton       bool
}

type statusView struct {
	Title, Status, Detail, LabelURL string
}

var reasonLabels = map[string]string{
	"SIZE_TOO_SMALL": "Too small", "SIZE_TOO_LARGE": "Too large", "UNWANTED": "Changed my mind",
	"NOT_AS_DESCRIBED": "Not as described", "WRONG_ITEM": "Wrong item sent", "DEFECTIVE": "Damaged or defective",
	"STYLE": "Didn't like the style", "COLOR": "Didn't like the colour", "OTHER": "Something else",
}

var resolutionLabels = map[string]string{
	ResolutionRefund:      "A refund to my original payment method",
	ResolutionStoreCredit: "Store credit",
	ResolutionExchange:    "An exchange for another size or colour",
}

// returnsSection is the returns part of o's page: the status, and the form
// while returns are open.
func (p *Page) returnsSection(ctx context.Context, o order.Order) *returnsView {
	if p.Returns == nil {
		return nil
	}
	pol, err := p.Returns.Policies.Policy(ctx, o.Shop)
	if err != nil {
		p.log().WarnContext(ctx, "tracking page returns: policy", "err", err)
		return nil
	}
	return p.returnForm(ctx, o, pol)
}

// returnForm is the form for o, empty, with the status.
func (p *Page) returnForm(ctx context.Context, o order.Order, pol policy.Policy) *returnsView {
	rv := &returnsView{OrderName: o.Name, Status: p.returnStatus(ctx, o)}
	d := pol.ReturnsOpen(o, p.Clock.Now())
	if d.Verdict == policy.Refuse {
		// Before delivery nothing is said about returns.
		if j := order.JourneyOf(o, p.Clock.Now(), pol.ReturnWindow()); j.Stage == order.StagePastReturnWindow {
			rv.Closed = "Returns are closed: " + d.Reason + "."
		}
		return rv
	}
	rv.Form, rv.Token = true, p.formToken(o)
	returning := map[string]int{}
	for _, r := range o.Returns {
		if r.Status == "declined" || r.Status == "cancelled" {
			continue
		}
		for _, l := range r.Lines {
			returning[l.LineItemID] += l.Quantity
		}
	}
	for _, li := range o.LineItems {
		n := li.Quantity - returning[li.ID]
		if n <= 0 || li.ID == "" {
			continue
		}
		lc := lineChoice{ID: li.ID, Name: "qty." + li.ID, Title: itemTitle(order.LineItem{Title: li.Title, Variant: li.Variant, Quantity: 1})}
		if li.Quantity > 1 {
			lc.Title += fmt.Sprintf(" (%d bought)", li.Quantity)
		}
		for i := 0; i <= n; i++ {
			lc.Options = append(lc.Options, i)
		}
		for _, v := range p.exchangeOptions(ctx, o, li) {
			label := v.Title
			switch {
			case v.Available <= 0:
				label += " (out of stock)"
			case v.Price != li.Price:
				label += " (" + money.Format(int64(v.Price), o.Currency) + ": not a straight swap)"
			}
			lc.WantName = "want." + li.ID
			lc.Want = append(lc.Want, choice{Value: v.ID, Label: label})
		}
		rv.Lines = append(rv.Lines, lc)
	}
	if len(rv.Lines) == 0 {
		rv.Form, rv.Token = false, ""
		return rv
	}
	for _, r := range agent.ReturnReasons {
		rv.Reasons = append(rv.Reasons, choice{Value: r, Label: reasonLabels[r]})
	}
	res := p.resolutions(ctx, o, pol)
	for i, r := range res {
		rv.Resolutions = append(rv.Resolutions, choice{Value: r, Label: resolutionLabel(r, pol), Selected: i == 0})
	}
	return rv
}

func resolutionLabel(r string, pol policy.Policy) string {
	if r == ResolutionStoreCredit && pol.StoreCreditBonusPercent > 0 {
		return fmt.Sprintf("Store credit, with a %d%% bonus", pol.StoreCreditBonusPercent)
	}
	return resolutionLabels[r]
}

// fill puts a posted form's choices back into the form.
func (rv *returnsView) fill(v url.Values) {
	for i := range rv.Lines {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(v.Get(rv.Lines[i].Name)), &n); err == nil {
			rv.Lines[i].Selected = n
		}
		for j := range rv.Lines[i].Want {
			rv.Lines[i].Want[j].Selected = rv.Lines[i].Want[j].Value == v.Get(rv.Lines[i].WantName)
		}
	}
	for i := range rv.Reasons {
		rv.Reasons[i].Selected = rv.Reasons[i].Value == v.Get("reason")
	}
	if r := v.Get("resolution"); r != "" {
		for i := range rv.Resolutions {
			rv.Resolutions[i].Selected = rv.Resolutions[i].Value == r
		}
	}
}

// renderOutcome shows what a confirmed proposal became, with the status.
func (p *Page) renderOutcome(w http.ResponseWriter, r *http.Request, o order.Order, rec returnRecord) {
	ctx := r.Context()
	if o2, err := p.Store.GetOrder(ctx, p.Shop, o.ID); err == nil {
		o = o2 // with the return it just made
	}
	rv := &returnsView{OrderName: o.Name, Token: p.formToken(o), Status: p.returnStatus(ctx, o)}
	ov := &outcomeView{ProposalID: rec.Proposal.ID}
	status := http.StatusOK
	switch rec.Status {
	case conversation.ProposalDone:
		ov.Title = "Your return has started"
		if rec.Proposal.Resolution == ResolutionExchange {
			ov.Title = "Your exchange has started"
		}
		ov.Text = rec.Proposal.Statement
		ov.Credit = creditNote(rec)
		if l := rec.Label; l != nil {
			ov.LabelURL, ov.Carrier, ov.TrackingCode = safeLink(l.URL), l.Carrier, l.TrackingCode
		} else {
			ov.Instructions = p.instructions(o, rec)
			ov.LabelButton = p.Returns.Labels != nil
		}
	case conversation.ProposalQueued:
		ov.Title = "Waiting for approval"
		ov.Text = "We've passed your return to our team to approve, exactly as you confirmed it. You'll hear back by email."
	case conversation.ProposalDeclined:
		ov.Title = "Your return was not approved"
		ov.Text = "Our team did not approve this return. We've emailed you about it."
	default:
		ov.Title = "We couldn't start this return"
		ov.Text = "The reason: " + firstNonEmpty(rec.Outcome, "something went wrong") + ". Nothing was changed. Ask us in the chat and a person will look at it."
		status = http.StatusConflict
	}
	rv.Outcome = ov
	p.render(r.Context(), w, status, view{Return: rv})
}

// returnStatus is o's returns and refunds, newest first: Shopify's return
// records and refunds, and the page's own returns waiting for approval.
func (p *Page) returnStatus(ctx context.Context, o order.Order) []statusView {
	var out []statusView
	titles := map[string]string{}
	for _, li := range o.LineItems {
		titles[li.ID] = itemTitle(order.LineItem{Title: li.Title, Variant: li.Variant, Quantity: 1})
	}
	labels := map[string]string{} // return id -> label URL
	if p.Returns != nil {
		docs, err := p.Returns.Store.ListDocs(ctx, ReturnsCollection, o.ID+"|", "", 50)
		if err != nil {
			p.log().WarnContext(ctx, "return status: records", "order_id", o.ID, "err", err)
		}
		for _, d := range docs {
			var rec returnRecord
			if json.Unmarshal(d.Value, &rec) != nil {
				continue
			}
			rec = p.refresh(ctx, o, rec)
			switch rec.Status {
			case conversation.ProposalQueued:
				out = append(out, statusView{Title: "Return of " + linesText(rec.Proposal.Lines), Status: "Waiting for approval",
					Detail: "Requested " + rec.At.Format("Jan 2")})
			case conversation.ProposalDone:
				if id, ok := strings.CutPrefix(strings.SplitN(rec.Detail, ";", 2)[0], "return "); ok && rec.Label != nil {
					labels[strings.TrimSpace(id)] = rec.Label.URL
				}
			}
		}
	}
	rets := append([]order.Return(nil), o.Returns...)
	sort.SliceStable(rets, func(i, j int) bool { return rets[i].CreatedAt.After(rets[j].CreatedAt) })
	for _, r := range rets {
		var items []string
		for _, l := range r.Lines {
			items = append(items, fmt.Sprintf("%d × %s", l.Quantity, firstNonEmpty(titles[l.LineItemID], "an item")))
		}
		out = append(out, statusView{Title: "Return of " + strings.Join(items, ", "), Status: returnStatusText(r.Status),
			Detail: "Started " + r.CreatedAt.Format("Jan 2"), LabelURL: safeLink(labels[r.ID])})
	}
	refunds := append([]order.Refund(nil), o.Refunds...)
	sort.SliceStable(refunds, func(i, j int) bool { return refunds[i].CreatedAt.After(refunds[j].CreatedAt) })
	for _, rf := range refunds {
		sv := statusView{Title: "Refund of " + money.Format(int64(rf.Amount), o.Currency), Status: "Refunded"}
		if !rf.CreatedAt.IsZero() {
			sv.Detail = "To your original payment method on " + rf.CreatedAt.Format("Jan 2")
		}
		out = append(out, sv)
	}
	return out
}

func returnStatusText(s string) string {
	switch s {
	case "requested":
		return "Requested: waiting for the shop"
	case "open":
		return "Open: send the items back"
	case "closed":
		return "Received and closed"
	case "declined":
		return "Declined"
	case "cancelled", "canceled":
		return "Cancelled"
	}
	return firstNonEmpty(s, "Started")
}
