package chat

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/doorstep-ai/doorstep/pkg/conversation"
	"github.com/doorstep-ai/doorstep/pkg/httpjson"
	"github.com/doorstep-ai/doorstep/pkg/photo"
	"github.com/doorstep-ai/doorstep/pkg/store"
)

// Blobs keeps and reads back the photos customers send.
type Blobs interface {
	photo.Blobs
	photo.Getter
}

var (
	errTooManyPhotos = &apiError{http.StatusConflict, "too_many_photos",
		fmt.Sprintf("this conversation has %d photos already, the most it keeps", conversation.MaxPhotos)}
	errNotImage = &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type",
		"send a photo: JPEG, PNG, WebP, HEIC, HEIF, AVIF or GIF"}
	errNoPhoto     = &apiError{http.StatusBadRequest, "bad_request", "the body must be the photo's bytes (or a multipart form with one file)"}
	errNoPhotos    = &apiError{http.StatusNotImplemented, "unavailable", "photos are not kept in this deployment"}
	errPhotoAbsent = &apiError{http.StatusNotFound, "not_found", "no such photo"}
)

func (s *Service) maxPhoto() int {
	if s.MaxPhoto > 0 {
		return s.MaxPhoto
	}
	return photo.MaxBytes
}

func (s *Service) errPhotoTooLarge() error {
	return &apiError{http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("photos are limited to %d MB", s.maxPhoto()>>20)}
}

type uploadResponse struct {
	Photo photoView `json:"photo"`
	messageResponse
}

type photoView struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// upload is POST /v1/conversations/{id}/photos: the body is the photo's
// bytes (any declared type: the bytes decide), or a multipart form whose
// first file is; ?name= names it. The photo is kept under the
// conversation, recorded on it with a customer message, and the agent
// answers that message: 201 with the photo and the reply. A body that is
// not an image is 415, one over the limit 413, an empty one 400; nothing
// is kept then, and the conversation is as it was.
func (s *Service) upload(w http.ResponseWriter, r *http.Request) {
	shop, id, err := s.authorize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.limitClient(r); err != nil {
		s.fail(w, r, err)
		return
	}
	if s.Photos == nil {
		s.fail(w, r, errNoPhotos)
		return
	}
	data, name, err := s.readPhoto(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := withClient(r)
	c, _, err := s.Store.GetConversation(ctx, shop, id)
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, errNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := photo.New(c, conversation.ChannelChat, name, data, s.maxPhoto(), s.Clock.Now())
	switch {
	case errors.Is(err, photo.ErrEmpty):
		err = errNoPhoto
	case errors.Is(err, photo.ErrTooLarge):
		err = s.errPhotoTooLarge()
	case errors.Is(err, photo.ErrNotImage):
		err = errNotImage
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, have := c.FindPhoto(p.ID); !have && len(c.Photos) >= conversation.MaxPhotos {
		s.fail(w, r, errTooManyPhotos)
		return
	}
	// The bytes first: a turn never names a photo that is not kept. The
	// key comes from the bytes, so a retry overwrites rather than adds.
	if err := photo.Keep(ctx, s.Photos, p, data); err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := s.say(ctx, shop, id, "", []conversation.Photo{p})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Log.InfoContext(ctx, "photo kept", "shop", shop, "conversation", id, "photo", p.ID, "content_type", p.ContentType, "size", p.Size)
	httpjson.Write(w, http.StatusCreated, uploadResponse{Photo: viewOf(p), messageResponse: resp})
}

func viewOf(p conversation.Photo) photoView {
	return photoView{ID: p.ID, Name: p.Name, ContentType: p.ContentType, Size: p.Size}
}

// readPhoto reads the upload's bytes, at most the limit: the body, or the
// first file of a multipart form.
func (s *Service) readPhoto(r *http.Request) ([]byte, string, error) {
	limit := int64(s.maxPhoto())
	if r.ContentLength > limit+64<<10 { // room for a form's framing
		return nil, "", s.errPhotoTooLarge()
	}
	name := r.URL.Query().Get("name")
	body := io.Reader(r.Body)
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" && params["boundary"] != "" {
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, "", errNoPhoto
		}
		for {
			part, err := mr.NextPart()
			if err != nil {
				return nil, "", errNoPhoto
			}
			if part.FileName() != "" {
				if name == "" {
					name = part.FileName()
				}
				body = part
				break
			}
		}
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return nil, "", badRequest("could not read the photo")
	}
	if int64(len(data)) > limit {
		return nil, "", s.errPhotoTooLarge()
	}
	return data, name, nil
}

// photo is GET /v1/conversations/{id}/photos/{photo}: one of the
// conversation's photos, to the holder of its token (the widget shows
// them again when a customer comes back to the chat).
func (s *Service) photo(w http.ResponseWriter, r *http.Request) {
	shop, id, err := s.authorize(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.Photos == nil {
		s.fail(w, r, errNoPhotos)
		return
	}
	c, _, err := s.Store.GetConversation(r.Context(), shop, id)
	if errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, errNotFound)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, ok := c.FindPhoto(r.PathValue("photo"))
	if !ok {
		s.fail(w, r, errPhotoAbsent)
		return
	}
	data, err := s.Photos.Get(r.Context(), p.Key)
	if err != nil {
		s.fail(w, r, fmt.Errorf("read photo %s: %w", p.ID, err))
		return
	}
	ServePhoto(w, p, data)
}

// ServePhoto writes a photo's bytes with headers that keep a browser from
// reading them as anything but the sniffed image type.
func ServePhoto(w http.ResponseWriter, p conversation.Photo, data []byte) {
	h := w.Header()
	h.Set("Content-Type", p.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Disposition", "inline")
	h.Set("Cache-Control", "private, max-age=3600")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}
