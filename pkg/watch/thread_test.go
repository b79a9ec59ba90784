package watch

import "testing"

func TestSameThread(t *testing.T) {
	told := func(k Kind, a Action) Record { return Record{Kind: k, Action: a, NoticeSent: true, Detail: "trace"} }
	for _, tt := range []struct {
		name string
		r    Record
		recs map[Kind]Record
		want bool
	}{
		{"first problem", Record{Kind: KindFailure, Action: ActionWait}, nil, false},
		{"trace again", Record{Kind: KindLate, Action: ActionWait}, map[Kind]Record{KindFailure: told(KindFailure, ActionWait)}, true},
		{"replacement is news", Record{Kind: KindLost, Action: ActionReplace}, map[Kind]Record{KindFailure: told(KindFailure, ActionWait)}, false},
		{"refund is news", Record{Kind: KindLost, Action: ActionRefund}, map[Kind]Record{KindLate: told(KindLate, ActionWait)}, false},
		{"a person, after a trace, is news", Record{Kind: KindLost, Action: ActionPerson}, map[Kind]Record{KindLate: told(KindLate, ActionWait)}, false},
		{"a person again", Record{Kind: KindLost, Action: ActionPerson}, map[Kind]Record{KindLate: told(KindLate, ActionPerson)}, true},
		{"an earlier notice that was itself skipped does not count",
			Record{Kind: KindLost, Action: ActionWait}, map[Kind]Record{KindLate: {Kind: KindLate, Action: ActionWait, NoticeSent: true, NoticeSkipped: true}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := sameThread(tt.r, tt.recs); got != tt.want {
				t.Errorf("sameThread = %v, want %v", got, tt.want)
			}
		})
	}
}
