package agent

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/doorstep-ai/doorstep/pkg/toolname"
)

// DocsSearcher finds passages of the merchant's product documentation
// (guides, FAQs, product descriptions) that answer a question. It returns
// only passages good enough to answer from; none means the documentation
// does not answer it.
type DocsSearcher interface {
	Search(ctx context.Context, shop, query string, k int) ([]Passage, error)
}

// Passage is documentation text with the source it comes from.
type Passage struct {
	Source  string  `json:"source"`
	Section string  `json:"section,omitempty"`
	Text    string  `json:"text"`
	Score   float64 `json:"-"`
}

// DocsPassages is how many passages search_docs gives the model.
const DocsPassages = 3

// maxQuery bounds a search_docs query, in bytes.
const maxQuery = 500

// noAnswer is search_docs' result when nothing answers: the model must not
// fill the gap itself.
var noAnswer = map[string]any{"passages": []Passage{},
	"instruction": "the documentation does not answer this: tell the customer you don't know and offer a person; do not guess"}

type searchDocsInput struct {
	Query string `json:"query"`
}

// search_docs: passages with their sources, or an explicit "not in the
// documentation". It needs no verified customer: product documentation is
// public.
var _ = register(newTool(toolname.SearchDocs, "Search product guides and FAQs.", (*session).searchDocs).offeredIn(PhaseAny))

func (s *session) searchDocs(ctx context.Context, in searchDocsInput) (any, bool, error) {
	q := strings.TrimSpace(in.Query)
	if q == "" {
		r, e := fail("bad_input", "query is empty: pass the customer's question")
		return r, e, nil
	}
	for len(q) > maxQuery {
		_, n := utf8.DecodeLastRuneInString(q)
		q = q[:len(q)-n]
	}
	if s.a.Docs == nil {
		s.act(toolname.SearchDocs, "no_answer", "", "")
		return noAnswer, false, nil
	}
	ps, err := s.a.Docs.Search(ctx, s.conv.Shop, q, DocsPassages)
	if err != nil {
		s.a.Log.WarnContext(ctx, "docs search failed", "conversation", s.conv.ID, "err", err)
		s.act(toolname.SearchDocs, "failed", "", "")
		r, e := fail("docs_unavailable", "the documentation cannot be searched right now; offer a person")
		return r, e, nil
	}
	if len(ps) == 0 {
		s.act(toolname.SearchDocs, "no_answer", "", "")
		return noAnswer, false, nil
	}
	if len(ps) > DocsPassages {
		ps = ps[:DocsPassages]
	}
	s.act(toolname.SearchDocs, "answered", "", ps[0].Source)
	return map[string]any{"passages": ps}, false, nil
}
