package chat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/doorstep-ai/doorstep/pkg/clock"
	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/fileblob"
	"github.com/doorstep-ai/doorstep/pkg/photo/phototest"
)

func upload(t *testing.T, h http.Handler, id, token, contentType string, body []byte, query string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/conversations/"+id+"/photos"+query, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func form(t *testing.T, field, name string, data []byte) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("note", "ignored")
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

func blobFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// TestPhotoUpload: the bytes decide the type, whatever the request
// declares; bad input gets 415, 413 or 400 and leaves nothing behind; a
// kept photo is recorded on the conversation with a customer message the
// agent answers, and only the conversation's token reads it back.
func TestPhotoUpload(t *testing.T) {
	jpg, png := phototest.JPEG(), phototest.PNG()
	multiCT, multiBody := form(t, "photo", "cracked mug.png", png)
	tests := []struct {
		name        string
		contentType string
		body        []byte
		query       string
		wantCode    int
		wantType    string
		wantName    string
	}{
		{"jpeg declared as png", "image/png", jpg, "?name=IMG_0042.JPG", 201, "image/jpeg", "IMG_0042.JPG"},
		{"jpeg declared as nothing", "application/octet-stream", jpg, "", 201, "image/jpeg", "photo.jpg"},
		{"png in a multipart form", multiCT, multiBody, "", 201, "image/png", "cracked_mug.png"},
		{"heic from an iPhone", "image/heic", phototest.HEIC(), "?name=IMG_1.HEIC", 201, "image/heic", "IMG_1.HEIC"},
		{"text declared as jpeg", "image/jpeg", []byte("<script>alert(1)</script>"), "", 415, "", ""},
		{"svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), "", 415, "", ""},
		{"empty", "image/jpeg", nil, "", 400, "", ""},
		{"over the limit", "image/jpeg", append(append([]byte{}, jpg...), make([]byte, 4096)...), "", 413, "", ""},
		{"multipart without a file", "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"), "", 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
			svc, st := newService(t, clk)
			dir := t.TempDir()
			svc.Photos, svc.MaxPhoto = fileblob.New(dir), 2048
			h := svc.Handler()
			id, token, _ := create(t, h, `{}`)

			code, out := upload(t, h, id, token, tt.contentType, tt.body, tt.query)
			if code != tt.wantCode {
				t.Fatalf("upload: %d %v, want %d", code, out, tt.wantCode)
			}
			c, msgs, err := st.GetConversation(context.Background(), shop, id)
			if err != nil {
				t.Fatal(err)
			}
			if code != 201 {
				errBody, _ := out["error"].(map[string]any)
				if errBody["message"] == "" || errBody["code"] == "" {
					t.Errorf("error body %v", out)
				}
				if len(c.Photos) != 0 || len(msgs) != 0 || blobFiles(t, dir) != 0 {
					t.Errorf("a refused upload left %d photos, %d messages, %d files", len(c.Photos), len(msgs), blobFiles(t, dir))
				}
				return
			}
			p, _ := out["photo"].(map[string]any)
			if p["content_type"] != tt.wantType || p["name"] != tt.wantName {
				t.Errorf("photo %v, want type %s name %s", p, tt.wantType, tt.wantName)
			}
			if len(c.Photos) != 1 || c.Photos[0].ID != p["id"] || c.Photos[0].Seq != 0 || c.Photos[0].Channel != conversation.ChannelChat {
				t.Fatalf("conversation photos %+v", c.Photos)
			}
			if len(msgs) != 2 || len(msgs[0].Photos) != 1 || msgs[0].Photos[0] != p["id"] || !conversation.HasPhotoNote(msgs[0].Text) {
				t.Fatalf("messages %+v", msgs)
			}
			reply, _ := out["reply"].(map[string]any)
			if reply == nil || !strings.Contains(fmt.Sprint(reply["text"]), tt.wantName) { // echo: the agent read the note
				t.Errorf("reply %v does not answer the photo note", out["reply"])
			}

			// Read back with the conversation's token, as the widget does.
			req := httptest.NewRequest("GET", "/v1/conversations/"+id+"/photos/"+c.Photos[0].ID, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 || rec.Header().Get("Content-Type") != tt.wantType || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("get photo: %d %v", rec.Code, rec.Header())
			}
			// Another conversation's token reads nothing of it.
			other, otherToken, _ := create(t, h, `{}`)
			if code, _ := call(t, h, "GET", "/v1/conversations/"+id+"/photos/"+c.Photos[0].ID, otherToken, ""); code != 401 {
				t.Errorf("another conversation's token: %d, want 401", code)
			}
			if code, _ := call(t, h, "GET", "/v1/conversations/"+other+"/photos/"+c.Photos[0].ID, otherToken, ""); code != 404 {
				t.Errorf("the photo under another conversation: %d, want 404", code)
			}
		})
	}
}

func TestPhotoUploadAuthAndLimits(t *testing.T) {
	clk := clock.NewFixed(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
	svc, st := newService(t, clk)
	h := svc.Handler()
	id, token, _ := create(t, h, `{}`)
	jpg := phototest.JPEG()

	if code, _ := upload(t, h, id, token, "image/jpeg", jpg, ""); code != 501 {
		t.Errorf("no blob store: %d, want 501", code)
	}
	svc.Photos = fileblob.New(t.TempDir())
	if code, _ := upload(t, h, id, "", "image/jpeg", jpg, ""); code != 401 {
		t.Errorf("no token: %d, want 401", code)
	}
	_, otherToken, _ := create(t, h, `{}`)
	if code, _ := upload(t, h, id, otherToken, "image/jpeg", jpg, ""); code != 401 {
		t.Errorf("another conversation's token: %d, want 401", code)
	}
	// The same photo twice is one photo; up to MaxPhotos different ones,
	// and one already kept is still taken when the conversation is full.
	steps := []struct {
		b    byte
		want int
	}{{0, 201}, {0, 201}}
	for b := 1; b < conversation.MaxPhotos; b++ {
		steps = append(steps, struct {
			b    byte
			want int
		}{byte(b), 201})
	}
	steps = append(steps, struct {
		b    byte
		want int
	}{byte(conversation.MaxPhotos), 409}, struct {
		b    byte
		want int
	}{0, 201})
	for i, step := range steps {
		body := append(append([]byte{}, jpg...), step.b)
		code, out := upload(t, h, id, token, "image/jpeg", body, "")
		clk.Advance(time.Minute) // under the per-minute message limit
		if code != step.want {
			t.Fatalf("upload %d: %d %v, want %d", i, code, out, step.want)
		}
	}
	c, _, _ := st.GetConversation(context.Background(), shop, id)
	if len(c.Photos) != conversation.MaxPhotos {
		t.Errorf("%d photos kept, want %d", len(c.Photos), conversation.MaxPhotos)
	}
}
