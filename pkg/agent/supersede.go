package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Supersession: a newer proposal about the same items of an order
// replaces older ones that have not run yet. Proposals are ordered by when
// they were stated; one counts once the customer confirmed it anywhere (it
// ran, or it went to a person for approval: NoteNewest). An older proposal
// about one of its items is then refused where it would run outside a
// chat turn: confirmed on the tracking page, or approved by a person
// (Agent.Execute, when its Store keeps documents); the customer is told
// why (SupersededReason). A chat turn does not look (its budget is two or
// three requests): its one pending proposal is replaced by the next one it
// states, and a yes must come in the very next message.

// NewestCollection keeps, per order, the newest proposals for each of
// its line items, by "<shop>|<order id>".
const NewestCollection = "proposal_newest"

// SupersededReason is an older proposal's refusal, fit for the customer.
const SupersededReason = "you asked for something newer about the same item since, so this earlier request no longer stands"

// ProposalDocs is where supersession is kept (the Store's documents).
type ProposalDocs interface {
	GetDoc(ctx context.Context, coll, id string) ([]byte, error)
	PutDoc(ctx context.Context, coll, id string, doc []byte, expires time.Time) error
}

// newestKeep is how many proposals a line keeps, and for how long.
const (
	newestKeep = 8
	newestLife = 400 * 24 * time.Hour
)

// stamped is one proposal on one line.
type stamped struct {
	ID  string    `json:"id"`
	At  time.Time `json:"at"`
	Qty int       `json:"qty"`
}

func newestID(shop, orderID string) string { return shop + "|" + orderID }

func loadNewest(ctx context.Context, docs ProposalDocs, shop, orderID string) (map[string][]stamped, error) {
	m := map[string][]stamped{}
	b, err := docs.GetDoc(ctx, NewestCollection, newestID(shop, orderID))
	if errors.Is(err, store.ErrNotFound) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load newest proposals of %s: %w", orderID, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode newest proposals of %s: %w", orderID, err)
	}
	return m, nil
}

// NoteNewest records p as a proposal about its lines, made at p.At:
// older proposals about the same items are superseded by it. Noting the
// same proposal again changes nothing. A proposal without lines (an
// address change) supersedes nothing.
func NoteNewest(ctx context.Context, docs ProposalDocs, shop string, p conversation.Proposal, now time.Time) error {
	if len(p.Lines) == 0 || p.OrderID == "" || p.ID == "" {
		return nil
	}
	m, err := loadNewest(ctx, docs, shop, p.OrderID)
	if err != nil {
		return err
	}
	at := p.At
	if at.IsZero() {
		at = now
	}
	changed := false
	for _, l := range p.Lines {
		list := m[l.LineItemID]
		known := false
		for _, s := range list {
			known = known || s.ID == p.ID
		}
		if known {
			continue
		}
		list = append(list, stamped{ID: p.ID, At: at, Qty: l.Quantity})
		sort.SliceStable(list, func(i, j int) bool { return list[i].At.Before(list[j].At) })
		if len(list) > newestKeep {
			list = list[len(list)-newestKeep:]
		}
		m[l.LineItemID], changed = list, true
	}
	if !changed {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode newest proposals: %w", err)
	}
	if err := docs.PutDoc(ctx, NewestCollection, newestID(shop, p.OrderID), b, now.Add(newestLife)); err != nil {
		return fmt.Errorf("save newest proposals of %s: %w", p.OrderID, err)
	}
	return nil
}

// Superseded reports whether a proposal newer than p is about one of its
// items. ordered, when known, is how many of each line the order has: a
// newer proposal about other units of the same line (2 mugs, one
// returned, the other reported broken) does not supersede p; unknown
// (nil or 0), any newer proposal about the line does.
func Superseded(ctx context.Context, docs ProposalDocs, shop string, p conversation.Proposal, ordered func(lineItemID string) int) (bool, error) {
	if len(p.Lines) == 0 || p.OrderID == "" {
		return false, nil
	}
	m, err := loadNewest(ctx, docs, shop, p.OrderID)
	if err != nil {
		return false, err
	}
	for _, l := range p.Lines {
		newer := 0
		for _, s := range m[l.LineItemID] {
			if s.ID != p.ID && s.At.After(p.At) {
				newer += s.Qty
			}
		}
		if newer == 0 {
			continue
		}
		of := 0
		if ordered != nil {
			of = ordered(l.LineItemID)
		}
		if of <= 0 || newer+l.Quantity > of {
			return true, nil
		}
	}
	return false, nil
}
