package serve

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// policy is the Content-Security-Policy of every response: the one the README asks hosts to
// send, so that the preview blocks what the published site will block, and only scripts served
// by the preview itself can run in its pages.
const policy = "default-src 'self'"

// secure sets the headers every response carries. Referrer-Policy keeps the preview's address
// (and a draft's path) from the sites a lesson links to; Cross-Origin-Resource-Policy stops
// other sites' pages from loading the preview's files as images or scripts.
func secure(h http.Header) {
	h.Set("Content-Security-Policy", policy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// Loopback reports whether an address to listen on lets only this computer connect.
func Loopback(bind string) bool {
	if strings.EqualFold(bind, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(bind)
	return err == nil && ip.IsLoopback()
}

// CheckBind returns what is wrong with an address to listen on, or "" when it can be used.
func CheckBind(bind string) string {
	if strings.EqualFold(bind, "localhost") {
		return ""
	}
	if _, err := netip.ParseAddr(bind); err != nil {
		return strconv.Quote(bind) + " is not an IP address: use 127.0.0.1 (only this computer, the default), or 0.0.0.0 to let other devices on the network see the preview"
	}
	return ""
}

// refuse answers, and reports true for, the requests the preview must not serve.
//
// A request for another host name is how another website reads a server on 127.0.0.1: its page
// points its own name at 127.0.0.1 (DNS rebinding), and then the browser lets it read every
// answer, drafts included. The name such a page must use is never this server's, so the preview
// answers only to its own: localhost or a loopback address, or, when it listens beyond this
// computer, any IP address (which no other site can take over), with its own port.
//
// A request made by another site's page (a fetch, an event stream, an image) carries an Origin
// or a Sec-Fetch-Site that says so; the browser would not let that page read the answer, and
// it gets none. Following a link from another site to the preview still works.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request) bool {
	if !s.ownHost(r.Host) {
		s.logRefusal(r.Host)
		http.Error(w, fmt.Sprintf("kith serve: refused a request for the host %q.\n%s\n"+
			"If you typed that name yourself, open the preview at one of those addresses instead. If you did not, a website open in your browser tried to read your preview.",
			r.Host, s.answersAt()), http.StatusForbidden)
		return true
	}
	if o := r.Header.Get("Origin"); o != "" && !strings.EqualFold(o, "http://"+r.Host) {
		http.Error(w, "kith serve: refused a request that a page of "+strconv.Quote(o)+" made: only the preview's own pages may read it.", http.StatusForbidden)
		return true
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-site", "cross-site":
		if r.Header.Get("Sec-Fetch-Mode") != "navigate" {
			http.Error(w, "kith serve: refused a request that another site's page made: only the preview's own pages may read it.", http.StatusForbidden)
			return true
		}
	}
	return false
}

// ownHost reports whether a request's Host names this server.
func (s *Server) ownHost(host string) bool {
	name, port, err := net.SplitHostPort(host)
	if err != nil {
		// No port: the browser asked for port 80.
		name, port = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), "80"
	}
	if port != s.port {
		return false
	}
	if strings.EqualFold(name, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(name)
	return err == nil && (ip.IsLoopback() || s.wide)
}

// answersAt says where to open the preview.
func (s *Server) answersAt() string {
	if s.wide {
		return "Open the preview at " + s.URL() + ", or from another device at this computer's IP address with port " + s.port + "."
	}
	return "The preview answers only at " + s.URL() + " and http://localhost:" + s.port + urlPath(s.state.Load().base) + "."
}

// logRefusal tells the author, once for each host name, that requests were refused, so that
// whoever opened the preview under another name learns why it answers 403.
func (s *Server) logRefusal(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refused[host] || len(s.refused) >= 100 {
		return
	}
	s.refused[host] = true
	s.logf("Refused requests for the host %s (answered 403). %s", strconv.Quote(host), s.answersAt())
}
